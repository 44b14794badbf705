//! Name constraints (RFC 5280 §4.2.1.10) as a strict client applies them:
//! webpki's rules, so that the diagnosis names the violation webpki
//! rejects a path for, and does not reject a path webpki accepts. A CA's
//! permitted and excluded subtrees bind every certificate below it on the
//! path: each subject alternative name, and the subject as a directory
//! name. webpki processes DNS names and IP addresses; it refuses outright
//! any name form it does not process when the CA constrains that form
//! (directory names, URIs, e-mail addresses and the rest), as RFC 5280
//! allows. The work is bounded by a budget of comparisons, as webpki's is.

use std::fmt;
use std::net::IpAddr;

use x509_parser::der_parser::asn1_rs::Tag;
use x509_parser::extensions::{GeneralName, GeneralSubtree, NameConstraints};

/// How many name-against-constraint comparisons one diagnosis may make
/// (webpki's budget, after Go's crypto/x509): certificates with thousands
/// of names and constraints must not stall it.
pub(crate) const MAX_COMPARISONS: usize = 250_000;

/// Why a certificate's name falls outside a CA's constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Violation {
    /// The name lies in an excluded subtree.
    Excluded { name: String, constraint: String },
    /// The CA permits names of this form only in subtrees that do not
    /// hold the name.
    NotPermitted {
        name: String,
        permitted: Vec<String>,
    },
    /// The CA constrains a name form strict clients do not process
    /// (directory names, URIs, e-mail addresses, …), and the certificate
    /// holds a name of that form.
    Unsupported { name: String, form: &'static str },
    /// A constraint is malformed (a DNS constraint that is no host name, an
    /// IP constraint whose mask is not a prefix).
    MalformedConstraint { constraint: String },
    /// A name of the certificate is malformed where a constraint must be
    /// checked against it.
    MalformedName { name: String },
    /// Checking the names took more than [`MAX_COMPARISONS`].
    TooManyComparisons,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Excluded { name, constraint } => {
                write!(f, "{name} falls in the excluded subtree {constraint}")
            }
            Violation::NotPermitted { name, permitted } => write!(
                f,
                "{name} is outside the permitted subtrees ({})",
                permitted.join(", ")
            ),
            Violation::Unsupported { name, form } => write!(
                f,
                "it constrains {form}, which strict clients do not process and so refuse any \
                 such name, here {name}"
            ),
            Violation::MalformedConstraint { constraint } => {
                write!(f, "its constraint {constraint} is malformed")
            }
            Violation::MalformedName { name } => {
                write!(f, "{name} is malformed and cannot be checked against it")
            }
            Violation::TooManyComparisons => write!(
                f,
                "checking its constraints against the names below it takes more than \
                 {MAX_COMPARISONS} comparisons, where strict clients give up"
            ),
        }
    }
}

/// The names of a certificate below a constrained CA, as the check reads
/// them: its subject alternative names (`None` when absent) and its
/// subject, a directory name.
pub(crate) struct Names<'n, 'a> {
    pub(crate) san: Option<&'n [GeneralName<'a>]>,
    pub(crate) subject: &'n str,
}

/// The first name of `names` that `constraints` forbid, in webpki's order:
/// each subject alternative name, then the subject. `budget` counts down
/// the comparisons left.
pub(crate) fn check(
    constraints: &NameConstraints<'_>,
    names: &Names<'_, '_>,
    budget: &mut usize,
) -> Option<Violation> {
    let subject = Name::Directory(format!("the subject `{}`", names.subject));
    names
        .san
        .unwrap_or_default()
        .iter()
        .map(Name::of)
        .chain(std::iter::once(subject))
        .find_map(|name| conforms(&name, constraints, budget))
}

/// A presented name as the constraints see it.
enum Name<'n> {
    Dns(&'n [u8]),
    Ip(&'n [u8]),
    /// A directory name, as messages describe it.
    Directory(String),
    Uri(&'n str),
    /// Any other form, by its tag number: webpki processes none of them.
    Other(u32, String),
}

impl<'n> Name<'n> {
    fn of(name: &'n GeneralName<'_>) -> Name<'n> {
        match name {
            GeneralName::DNSName(dns) => Name::Dns(dns.as_bytes()),
            GeneralName::IPAddress(ip) => Name::Ip(ip),
            GeneralName::DirectoryName(dn) => Name::Directory(format!("DirName:{dn}")),
            GeneralName::URI(uri) => Name::Uri(uri),
            GeneralName::RFC822Name(email) => Name::Other(1, format!("email:{email}")),
            GeneralName::OtherName(..) => Name::Other(0, "otherName".to_owned()),
            GeneralName::X400Address(_) => Name::Other(3, "x400Address".to_owned()),
            GeneralName::EDIPartyName(_) => Name::Other(5, "ediPartyName".to_owned()),
            GeneralName::RegisteredID(oid) => Name::Other(8, format!("registeredID:{oid}")),
            // A DNS name that is not valid text is still a DNS name, and
            // malformed: its bytes go on to be judged as one.
            GeneralName::Invalid(Tag(2), bytes) => Name::Dns(bytes),
            GeneralName::Invalid(Tag(tag), _) => Name::Other(*tag, format!("name of tag {tag}")),
        }
    }

    fn describe(&self) -> String {
        match self {
            Name::Dns(dns) => format!("DNS:{}", String::from_utf8_lossy(dns)),
            Name::Ip(ip) => format!("IP:{}", ip_text(ip)),
            Name::Directory(dn) => dn.clone(),
            Name::Uri(uri) => format!("URI:{uri}"),
            Name::Other(_, text) => text.clone(),
        }
    }
}

/// Permitted subtrees, then excluded ones, against one name.
fn conforms(
    name: &Name<'_>,
    constraints: &NameConstraints<'_>,
    budget: &mut usize,
) -> Option<Violation> {
    let subtrees = [
        (
            Subtrees::Permitted,
            constraints.permitted_subtrees.as_deref(),
        ),
        (Subtrees::Excluded, constraints.excluded_subtrees.as_deref()),
    ];
    for (kind, subtrees) in subtrees {
        let Some(subtrees) = subtrees else { continue };
        let mut permitted_match = false;
        let mut permitted = Vec::new();
        for GeneralSubtree { base } in subtrees {
            if *budget == 0 {
                return Some(Violation::TooManyComparisons);
            }
            *budget -= 1;
            let matches = match (name, base) {
                (Name::Dns(dns), GeneralName::DNSName(constraint)) => {
                    dns_matches(dns, constraint.as_bytes(), kind)
                }
                (Name::Dns(dns), GeneralName::Invalid(Tag(2), constraint)) => {
                    dns_matches(dns, constraint, kind)
                }
                (Name::Ip(ip), GeneralName::IPAddress(constraint)) => ip_matches(ip, constraint),
                (Name::Directory(_), GeneralName::DirectoryName(_)) => {
                    return Some(Violation::Unsupported {
                        name: name.describe(),
                        form: "directory names",
                    });
                }
                (Name::Uri(_), GeneralName::URI(_)) => {
                    return Some(Violation::Unsupported {
                        name: name.describe(),
                        form: "URIs",
                    });
                }
                (Name::Other(tag, _), base) if other_tag(base) == Some(*tag) => {
                    return Some(Violation::Unsupported {
                        name: name.describe(),
                        form: form_of(*tag),
                    });
                }
                _ => continue,
            };
            match (kind, matches) {
                (Subtrees::Permitted, Ok(true)) => permitted_match = true,
                (Subtrees::Permitted, Ok(false)) => permitted.push(constraint_text(base)),
                (Subtrees::Excluded, Ok(true)) => {
                    return Some(Violation::Excluded {
                        name: name.describe(),
                        constraint: constraint_text(base),
                    });
                }
                (Subtrees::Excluded, Ok(false)) => {}
                (_, Err(Malformed::Name)) => {
                    return Some(Violation::MalformedName {
                        name: name.describe(),
                    });
                }
                (_, Err(Malformed::Constraint)) => {
                    return Some(Violation::MalformedConstraint {
                        constraint: constraint_text(base),
                    });
                }
            }
        }
        if !permitted.is_empty() && !permitted_match {
            return Some(Violation::NotPermitted {
                name: name.describe(),
                permitted,
            });
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subtrees {
    Permitted,
    Excluded,
}

/// Which side of the comparison is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Malformed {
    Name,
    Constraint,
}

/// The tag of a constraint of a form webpki does not process.
fn other_tag(base: &GeneralName<'_>) -> Option<u32> {
    match base {
        GeneralName::OtherName(..) => Some(0),
        GeneralName::RFC822Name(_) => Some(1),
        GeneralName::X400Address(_) => Some(3),
        GeneralName::EDIPartyName(_) => Some(5),
        GeneralName::RegisteredID(_) => Some(8),
        GeneralName::Invalid(Tag(tag), _) if *tag != 2 => Some(*tag),
        _ => None,
    }
}

fn form_of(tag: u32) -> &'static str {
    match tag {
        0 => "other names",
        1 => "e-mail addresses",
        3 => "X.400 addresses",
        4 => "directory names",
        5 => "EDI party names",
        8 => "registered IDs",
        _ => "a name form",
    }
}

/// A constraint as messages write it: `DNS:example.com`, `IP:10.0.0.0/8`.
fn constraint_text(base: &GeneralName<'_>) -> String {
    match base {
        GeneralName::DNSName(dns) => format!("DNS:{dns}"),
        GeneralName::IPAddress(bytes) => {
            let half = bytes.len() / 2;
            let (address, mask) = bytes.split_at(half);
            let prefix: u32 = mask.iter().map(|b| b.count_ones()).sum();
            format!("IP:{}/{prefix}", ip_text(address))
        }
        GeneralName::Invalid(Tag(2), bytes) => format!("DNS:{}", String::from_utf8_lossy(bytes)),
        other => other.to_string(),
    }
}

fn ip_text(bytes: &[u8]) -> String {
    let ip = match bytes.len() {
        4 => <[u8; 4]>::try_from(bytes).ok().map(IpAddr::from),
        16 => <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from),
        _ => None,
    };
    ip.map_or_else(|| crate::cert::hex(bytes), |ip| ip.to_string())
}

/// Whether the DNS name `name` lies in the subtree `constraint`, as webpki
/// decides it: `example.com` holds itself and its subdomains,
/// `.example.com` only the subdomains, the empty constraint everything. A
/// wildcard name is only inside a permitted subtree that holds its parent
/// domain (it may stand for
/// names outside it): for a permitted subtree its `*` is compared as it
/// is, so `*.example.com` is inside `example.com` and not inside
/// `a.example.com`; it is inside an excluded subtree when some name it
/// stands for is.
fn dns_matches(name: &[u8], constraint: &[u8], kind: Subtrees) -> Result<bool, Malformed> {
    if !valid_dns_id(name, Role::Presented) {
        return Err(Malformed::Name);
    }
    if !valid_dns_id(constraint, Role::Constraint) {
        return Err(Malformed::Constraint);
    }
    let mut presented = name;
    let mut reference = constraint;
    if name.len() > constraint.len() {
        if constraint.is_empty() {
            return Ok(true);
        }
        let skip = name.len() - constraint.len();
        if constraint.first() == Some(&b'.') {
            presented = &name[skip..];
        } else {
            if name[skip - 1] != b'.' {
                return Ok(false);
            }
            presented = &name[skip..];
        }
    }
    if presented.first() == Some(&b'*') && kind != Subtrees::Permitted {
        // The wildcard label stands for any label: skip it, and the
        // constraint's bytes up to its next dot.
        presented = &presented[1..];
        loop {
            let Some((_, rest)) = reference.split_first() else {
                return Ok(false);
            };
            reference = rest;
            if reference.first() == Some(&b'.') {
                break;
            }
        }
    }
    // Byte by byte, case-insensitively; both must end together.
    let mut pairs = presented.iter().zip(reference.iter());
    let mut compared = 0;
    for (p, r) in pairs.by_ref() {
        if !p.eq_ignore_ascii_case(r) {
            return Ok(false);
        }
        compared += 1;
    }
    if compared < presented.len() || presented.is_empty() {
        return Ok(false);
    }
    if presented.last() == Some(&b'.') {
        return Err(Malformed::Name);
    }
    Ok(compared == reference.len())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Presented,
    Constraint,
}

/// RFC 5280's preferred name syntax as webpki checks it (underscores
/// allowed; a wildcard only as the whole first label of a presented name,
/// with two labels after it; a constraint may be empty or begin with a
/// dot; neither may be absolute).
fn valid_dns_id(id: &[u8], role: Role) -> bool {
    const MAX_LABEL: usize = 63;
    if id.len() > 253 {
        return false;
    }
    if role == Role::Constraint && id.is_empty() {
        return true;
    }
    let mut input = id;
    let mut dots = 0;
    let wildcard = role == Role::Presented && input.first() == Some(&b'*');
    if wildcard {
        if input.get(..2) != Some(b"*.") {
            return false;
        }
        input = &input[2..];
        dots += 1;
    }
    if input.is_empty() {
        return false;
    }
    let mut label = 0;
    let mut numeric = false;
    let mut hyphen_end = false;
    let mut first = !wildcard;
    for &byte in input {
        match byte {
            b'-' => {
                if label == 0 {
                    return false;
                }
                numeric = false;
                hyphen_end = true;
                label += 1;
            }
            b'0'..=b'9' => {
                if label == 0 {
                    numeric = true;
                }
                hyphen_end = false;
                label += 1;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                numeric = false;
                hyphen_end = false;
                label += 1;
            }
            b'.' => {
                dots += 1;
                if label == 0 && (role != Role::Constraint || !first) {
                    return false;
                }
                if hyphen_end {
                    return false;
                }
                label = 0;
            }
            _ => return false,
        }
        if label > MAX_LABEL {
            return false;
        }
        first = false;
    }
    if label == 0 || hyphen_end || numeric {
        return false;
    }
    // A wildcard needs two labels after it.
    !wildcard || dots + 1 >= 3
}

/// Whether the address `name` lies in the network `constraint` (an
/// address and a mask of the same family), as webpki decides it.
fn ip_matches(name: &[u8], constraint: &[u8]) -> Result<bool, Malformed> {
    match (name.len(), constraint.len()) {
        (4, 8) | (16, 32) => {}
        // An IPv4 address never matches an IPv6 constraint, nor the reverse.
        (4, 32) | (16, 8) => return Ok(false),
        (4 | 16, _) => return Err(Malformed::Constraint),
        _ => return Err(Malformed::Name),
    }
    let (address, mask) = constraint.split_at(constraint.len() / 2);
    let mut zero_seen = false;
    for ((&n, &a), &m) in name.iter().zip(address).zip(mask) {
        // A mask is ones, then zeros.
        if m.leading_ones() + m.trailing_zeros() != 8 || (zero_seen && m != 0) {
            return Err(Malformed::Constraint);
        }
        if m != 0xff {
            zero_seen = true;
        }
        if (n ^ a) & m != 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_subtrees_hold_the_name_and_its_subdomains() {
        let permitted = Subtrees::Permitted;
        assert_eq!(
            dns_matches(b"example.com", b"example.com", permitted),
            Ok(true)
        );
        assert_eq!(
            dns_matches(b"a.example.com", b"example.com", permitted),
            Ok(true)
        );
        assert_eq!(
            dns_matches(b"A.Example.COM", b"example.com", permitted),
            Ok(true)
        );
        assert_eq!(
            dns_matches(b"badexample.com", b"example.com", permitted),
            Ok(false)
        );
        assert_eq!(
            dns_matches(b"example.com", b".example.com", permitted),
            Ok(false)
        );
        assert_eq!(
            dns_matches(b"a.example.com", b".example.com", permitted),
            Ok(true)
        );
        assert_eq!(dns_matches(b"example.org", b"", permitted), Ok(true));
        assert_eq!(dns_matches(b"com", b"example.com", permitted), Ok(false));
    }

    #[test]
    fn wildcards_are_permitted_only_whole_but_excluded_by_any_expansion() {
        let name = b"*.example.com";
        assert_eq!(
            dns_matches(name, b"example.com", Subtrees::Permitted),
            Ok(true)
        );
        assert_eq!(
            dns_matches(name, b"a.example.com", Subtrees::Permitted),
            Ok(false)
        );
        assert_eq!(
            dns_matches(name, b"a.example.com", Subtrees::Excluded),
            Ok(true)
        );
        assert_eq!(
            dns_matches(name, b"example.com", Subtrees::Excluded),
            Ok(true)
        );
    }

    #[test]
    fn malformed_names_and_constraints_are_told_apart() {
        assert_eq!(
            dns_matches(b"a..com", b"com", Subtrees::Permitted),
            Err(Malformed::Name)
        );
        assert_eq!(
            dns_matches(b"a.com", b"*.com", Subtrees::Permitted),
            Err(Malformed::Constraint)
        );
        assert_eq!(
            ip_matches(&[10, 0, 0, 1], &[10, 0, 0, 0, 255, 0, 255, 0]),
            Err(Malformed::Constraint)
        );
    }

    #[test]
    fn ip_networks_hold_their_addresses() {
        let net = [192, 0, 2, 0, 255, 255, 255, 0];
        assert_eq!(ip_matches(&[192, 0, 2, 7], &net), Ok(true));
        assert_eq!(ip_matches(&[192, 0, 3, 7], &net), Ok(false));
        assert_eq!(ip_matches(&[0; 16], &net), Ok(false));
    }
}
