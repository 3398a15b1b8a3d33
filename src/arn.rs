//! Amazon Resource Names: `arn:partition:service:region:account-id:resource`.

/// The parts of a well-formed ARN, borrowed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    /// Everything after the account, colons included (`role/path/name`, `db:orders`).
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Parses an ARN; the error says which part is wrong.
    pub fn parse(text: &'a str) -> Result<Arn<'a>, &'static str> {
        let mut parts = text.splitn(6, ':');
        if parts.next() != Some("arn") {
            return Err("an ARN starts with `arn:`");
        }
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(
                "an ARN has six colon-separated parts: arn:partition:service:region:account:resource",
            );
        };
        let lower = |s: &str, extra: &[char]| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(&c))
        };
        if !(partition == "aws" || partition.starts_with("aws-") && lower(partition, &['-'])) {
            return Err(
                "the partition is `aws`, `aws-cn`, `aws-us-gov` or another `aws-…` partition",
            );
        }
        if !lower(service, &['-']) {
            return Err("the service is lowercase letters, digits and hyphens");
        }
        if !(region.is_empty() || lower(region, &['-'])) {
            return Err("the region is empty or a region code such as `us-east-1`");
        }
        if !(account.is_empty()
            || account == "aws"
            || account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err("the account is empty or a 12-digit account ID");
        }
        if resource.is_empty() || resource.chars().any(char::is_whitespace) {
            return Err("the resource part is empty or contains whitespace");
        }
        Ok(Arn {
            partition,
            service,
            region,
            account,
            resource,
        })
    }

    /// The resource type: the resource part up to its first `/` or `:` (`role`, `db`, `alarm`).
    pub fn resource_type(&self) -> &'a str {
        self.resource
            .split(['/', ':'])
            .next()
            .unwrap_or(self.resource)
    }

    /// Whether the resource part has a type prefix and a non-empty id after it.
    pub fn has_resource_id(&self) -> bool {
        self.resource.len() > self.resource_type().len() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_arns_split_into_parts() {
        let arn = Arn::parse("arn:aws:iam::123456789012:role/service/fis").unwrap();
        assert_eq!(
            (arn.service, arn.region, arn.account),
            ("iam", "", "123456789012")
        );
        assert_eq!(arn.resource_type(), "role");
        let alarm =
            Arn::parse("arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:high cpu");
        assert!(alarm.is_err(), "whitespace in the resource");
        let alarm =
            Arn::parse("arn:aws-cn:cloudwatch:cn-north-1:123456789012:alarm:errors").unwrap();
        assert_eq!(alarm.resource_type(), "alarm");
        assert!(alarm.has_resource_id());
        assert_eq!(
            Arn::parse("arn:aws:s3:::my-bucket").unwrap().resource,
            "my-bucket"
        );
    }

    #[test]
    fn malformed_arns_say_what_is_wrong() {
        assert!(Arn::parse("my-role").unwrap_err().contains("arn:"));
        assert!(
            Arn::parse("arn:aws:iam::role/x")
                .unwrap_err()
                .contains("six")
        );
        assert!(
            Arn::parse("arn:aws:iam::12345:role/x")
                .unwrap_err()
                .contains("12-digit")
        );
        assert!(
            Arn::parse("arn:amazon:iam::123456789012:role/x")
                .unwrap_err()
                .contains("partition")
        );
        assert!(
            Arn::parse("arn:aws:IAM::123456789012:role/x")
                .unwrap_err()
                .contains("service")
        );
    }
}
