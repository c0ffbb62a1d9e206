//! Secrets out of messages: the user info of URLs (`http://USER:PASS@host` →
//! `http://USER:***@host`), and the user info of the endpoints the AWS environment sets
//! wherever it appears in a text (an SDK's or `object_store`'s error may quote it in pieces).

/// The environment variables whose URL's user info is a secret to keep out of messages.
const ENDPOINT_VARIABLES: &[&str] = &[
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_KINESIS",
    "AWS_ENDPOINT_URL_FIREHOSE",
    "AWS_ENDPOINT",
];

/// `text` with the user info of every URL in it redacted (`USER:***@`, or `***@` when the
/// user info has no `:`), and every password (or bare user info) of the endpoints in the AWS
/// environment variables (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_S3`, …) replaced by `***`
/// wherever it appears, as typed or percent-decoded. Every message that may quote a URL or an
/// endpoint goes through this before it is printed or returned as an error.
///
/// ```
/// use fakeplate::sink::redact;
///
/// assert_eq!(
///     redact("GET http://alice:s3cr3t@127.0.0.1:5000/bucket failed"),
///     "GET http://alice:***@127.0.0.1:5000/bucket failed"
/// );
/// assert_eq!(redact("kafka://token@broker:9092/t"), "kafka://***@broker:9092/t");
/// assert_eq!(redact("no URL here"), "no URL here");
/// ```
pub fn redact(text: &str) -> String {
    let mut out = redact_urls(text);
    for name in ENDPOINT_VARIABLES {
        if let Ok(value) = std::env::var(name) {
            for secret in secrets_of(&value) {
                if out.contains(&secret) {
                    out = out.replace(&secret, "***");
                }
            }
        }
    }
    out
}

/// The user info of URLs in `text` redacted.
fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        // A scheme before `://` (letters, digits, `+`, `-`, `.`), else not a URL.
        let scheme_len = rest[..at]
            .bytes()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
            .count();
        let start = at + 3;
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        if scheme_len == 0 {
            continue;
        }
        let authority_len = rest
            .find(|c: char| c.is_whitespace() || "/?#\"'<>`()[]{}".contains(c))
            .unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        if let Some(user_end) = authority.rfind('@') {
            let info = &authority[..user_end];
            match info.split_once(':') {
                Some((user, _)) => {
                    out.push_str(user);
                    out.push_str(":***");
                }
                None => out.push_str("***"),
            }
            rest = &rest[user_end..];
        }
    }
    out.push_str(rest);
    out
}

/// The secrets of an endpoint URL's user info: the password (or the whole user info when it
/// has none), as typed and percent-decoded, and the `user:password` pair. Strings shorter
/// than 3 characters are left alone: replacing them everywhere would garble messages, and
/// they are still redacted where they appear inside a URL.
fn secrets_of(url: &str) -> Vec<String> {
    let Some((_, after)) = url.split_once("://") else {
        return Vec::new();
    };
    let authority = after
        .split(|c: char| "/?#".contains(c))
        .next()
        .unwrap_or("");
    let Some(user_end) = authority.rfind('@') else {
        return Vec::new();
    };
    let info = &authority[..user_end];
    let secret = info.split_once(':').map_or(info, |(_, password)| password);
    let mut secrets = vec![info.to_owned(), secret.to_owned()];
    secrets.push(percent_decoded(secret));
    secrets.push(percent_decoded(info));
    secrets.retain(|s| s.chars().count() >= 3);
    // The longest first, so a pair is replaced whole before its password is.
    secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    secrets.dedup();
    secrets
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_is_redacted_in_every_url() {
        let cases = [
            (
                "http://USER:SECRET@127.0.0.1:4566/b?x=1",
                "http://USER:***@127.0.0.1:4566/b?x=1",
            ),
            ("https://tok@host", "https://***@host"),
            (
                "a http://u:p@h and s3+http://v:w:x@i/j",
                "a http://u:***@h and s3+http://v:***@i/j",
            ),
            ("(http://u:p@h)", "(http://u:***@h)"),
            ("\"http://u:p@h:1\"", "\"http://u:***@h:1\""),
            // `@` after the authority is not user info.
            ("http://h/p@q", "http://h/p@q"),
            ("mailto:x@y and ://u:p@h", "mailto:x@y and ://u:p@h"),
            ("", ""),
            ("://", "://"),
            ("é://ü:ö@h", "é://ü:ö@h"),
            ("x://ü:ö@h", "x://ü:***@h"),
        ];
        for (text, want) in cases {
            assert_eq!(redact_urls(text), want, "{text}");
        }
    }

    #[test]
    fn an_endpoints_secrets_are_its_password_in_each_spelling() {
        assert_eq!(
            secrets_of("http://USER:S%40CRET@127.0.0.1:1/"),
            ["USER:S%40CRET", "USER:S@CRET", "S%40CRET", "S@CRET"]
        );
        assert_eq!(secrets_of("http://token@h"), ["token"]);
        assert_eq!(secrets_of("http://u:p@h"), ["u:p"]);
        assert!(secrets_of("http://u:@h").is_empty());
        assert!(secrets_of("http://h:1").is_empty());
        assert!(secrets_of("not a url").is_empty());
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
    }
}
