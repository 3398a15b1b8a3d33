//! Placeholders a person must fill in before deploying (`<YOUR REGION>`, `{{ account }}`,
//! `YOUR_BUCKET`, `DOCUMENT_ARN`), as opposed to values the tooling fills in (`${var}`).

/// The placeholder a value still holds, if any.
pub fn placeholder(text: &str) -> Option<&str> {
    if let Some(token) = delimited(text, "<", ">").or_else(|| delimited(text, "{{", "}}")) {
        return Some(token);
    }
    let lower = text.to_ascii_lowercase();
    if let Some(at) = ["your_", "your-", "your "]
        .iter()
        .find_map(|p| lower.find(p))
    {
        let end = text[at..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | ' ')))
            .map_or(text.len(), |n| at + n);
        return Some(&text[at..end]);
    }
    // `DOCUMENT_ARN`, `ACCOUNTID`, alone or inside an ARN: shouting names of the thing to fill
    // in. Enumeration values such as `INSUFFICIENT_DATA` shout too, so the name must say what it
    // stands for.
    text.split([':', '/', ',']).find(|token| {
        let shouting = token.len() >= 4
            && token.starts_with(|c: char| c.is_ascii_uppercase())
            && token
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        shouting
            && ["ARN", "ACCOUNT", "REGION", "_ID", "NAME", "BUCKET", "ZONE"]
                .iter()
                .any(|word| token.contains(word))
    })
}

fn delimited<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)?;
    let end = start + open.len() + text[start + open.len()..].find(close)? + close.len();
    (end - start > open.len() + close.len()).then(|| &text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            placeholder("arn:aws:ssm:<YOUR REGION>:<ACCOUNT>:document/x"),
            Some("<YOUR REGION>")
        );
        assert_eq!(
            placeholder("arn:aws:ssm:{{ aws:region }}:1:document/x"),
            Some("{{ aws:region }}")
        );
        assert_eq!(
            placeholder("your_availability_zone_identifier"),
            Some("your_availability_zone_identifier")
        );
        assert_eq!(placeholder("DOCUMENT_ARN"), Some("DOCUMENT_ARN"));
        assert_eq!(
            placeholder("arn:aws:iam::ACCOUNTID:role/fis"),
            Some("ACCOUNTID")
        );
    }

    #[test]
    fn real_values_are_not_placeholders() {
        for value in [
            "PT5M",
            "us-east-1a",
            "SIGKILL",
            "INSUFFICIENT_DATA,ALARM",
            "INSUFFICIENT_DATA",
            "arn:aws:iam::123456789012:role/x",
            "a<>b",
            "${var}",
        ] {
            assert_eq!(placeholder(value), None, "{value}");
        }
    }
}
