//! The ARN formats of FIS target resource types and of a template's other ARNs, from the Service
//! Authorization Reference (`facts/fis-arn-formats.json`, embedded as it is).

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::arn::Arn;

// Read straight from facts/: the file already has the shape this module needs, so a generated
// copy would only add a second file to keep in step.
const FORMATS: &str = include_str!("../../facts/fis-arn-formats.json");

/// One SAR format such as `arn:${Partition}:rds:${Region}:${Account}:cluster:${DbClusterInstanceName}`,
/// split once into the parts a check compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnForm {
    format: String,
    service: String,
    has_region: bool,
    has_account: bool,
    /// The resource part up to its first variable: `cluster:`, `instance/`, empty for buckets.
    prefix: String,
}

/// How an ARN compares with the forms of what it should name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit<'f> {
    Fits,
    /// Another service or resource type.
    OtherResource,
    /// The right resource, but the account ID its form requires is empty.
    NoAccount(&'f ArnForm),
    /// The right resource, but the Region its form requires is empty.
    NoRegion(&'f ArnForm),
}

/// The ARNs of a template outside its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnField {
    Role,
    Alarm,
    LogGroup,
}

impl ArnField {
    fn id(self) -> &'static str {
        match self {
            ArnField::Role => "role",
            ArnField::Alarm => "alarm",
            ArnField::LogGroup => "logGroup",
        }
    }
}

/// Every known ARN form, by FIS resource type and by template field.
#[derive(Debug)]
pub struct ArnForms {
    types: HashMap<String, Vec<ArnForm>>,
    fields: HashMap<String, Vec<ArnForm>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FormatsFile {
    target_resource_types: Vec<TypeEntry>,
    fields: Vec<FieldEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeEntry {
    resource_type: String,
    arn_formats: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FieldEntry {
    id: String,
    arn_formats: Vec<String>,
}

impl ArnForms {
    /// The forms embedded in the binary.
    pub fn builtin() -> &'static ArnForms {
        static BUILTIN: OnceLock<ArnForms> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            // Committed facts, checked by tests; not user input.
            let file: FormatsFile = serde_json::from_str(FORMATS)
                .unwrap_or_else(|e| panic!("embedded ARN formats are invalid: {e}"));
            let forms = |formats: Vec<String>| -> Vec<ArnForm> {
                formats
                    .into_iter()
                    .map(|f| {
                        ArnForm::parse(&f)
                            .unwrap_or_else(|| panic!("embedded ARN format {f} is malformed"))
                    })
                    .collect()
            };
            ArnForms {
                types: file
                    .target_resource_types
                    .into_iter()
                    .map(|t| (t.resource_type, forms(t.arn_formats)))
                    .collect(),
                fields: file
                    .fields
                    .into_iter()
                    .map(|f| (f.id, forms(f.arn_formats)))
                    .collect(),
            }
        })
    }

    /// The forms of a FIS target resource type's ARNs; empty for a type with no ARNs (pods),
    /// `None` for a type the facts do not cover.
    pub fn of_resource_type(&self, resource_type: &str) -> Option<&[ArnForm]> {
        self.types.get(resource_type).map(Vec::as_slice)
    }

    pub fn of_field(&self, field: ArnField) -> &[ArnForm] {
        self.fields.get(field.id()).map_or(&[], Vec::as_slice)
    }

    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }
}

impl ArnForm {
    fn parse(format: &str) -> Option<ArnForm> {
        let rest = format.strip_prefix("arn:${Partition}:")?;
        let mut parts = rest.splitn(4, ':');
        let (service, region, account, resource) =
            (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        let variable = |part: &str, name: &str| match part {
            "" => Some(false),
            p if p == name => Some(true),
            _ => None,
        };
        Some(ArnForm {
            format: format.to_owned(),
            service: service.to_owned(),
            has_region: variable(region, "${Region}")?,
            has_account: variable(account, "${Account}")?,
            prefix: resource[..resource.find("${")?].to_owned(),
        })
    }

    /// Whether `arn` names a resource of this form; linear in the ARN, no allocation.
    fn fit(&self, arn: &Arn<'_>) -> Fit<'_> {
        // A form without a Region or account names another resource when the ARN has one
        // (`arn:aws:s3:us-east-1:123456789012:accesspoint/x` is no bucket), and a bare
        // `${BucketName}` is one segment (`bucket/key` is an object).
        let names_it = arn.service == self.service
            && (self.has_region || arn.region.is_empty())
            && (self.has_account || arn.account.is_empty())
            && arn.resource.len() > self.prefix.len()
            && arn.resource.starts_with(&self.prefix)
            && !(self.prefix.is_empty() && arn.resource.contains(['/', ':']));
        if !names_it {
            Fit::OtherResource
        } else if self.has_account && arn.account.is_empty() {
            Fit::NoAccount(self)
        } else if self.has_region && arn.region.is_empty() {
            Fit::NoRegion(self)
        } else {
            Fit::Fits
        }
    }

    /// The form as a reader writes it: `arn:aws:rds:<region>:<account>:cluster:<DbClusterInstanceName>`.
    pub fn display(&self, partition: &str) -> String {
        let mut out = String::with_capacity(self.format.len());
        let mut rest = self.format.as_str();
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 2..start + len];
            match name {
                "Partition" => out.push_str(partition),
                _ => {
                    // `Region` → `<region>`, `DbClusterInstanceName` → `<dbClusterInstanceName>`.
                    let mut chars = name.chars();
                    out.push('<');
                    out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
                    out.push_str(chars.as_str());
                    out.push('>');
                }
            }
            rest = &rest[start + len + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// How `arn` compares with `forms`: the best outcome over all of them.
pub fn fit_forms<'f>(forms: &'f [ArnForm], arn: &Arn<'_>) -> Fit<'f> {
    let mut best = Fit::OtherResource;
    for form in forms {
        match form.fit(arn) {
            Fit::Fits => return Fit::Fits,
            Fit::OtherResource => {}
            near => {
                if best == Fit::OtherResource {
                    best = near;
                }
            }
        }
    }
    best
}

/// The forms as a help sentence lists them: `` `a` `` or `` `a`, or `b` ``.
pub fn describe_forms(forms: &[ArnForm], partition: &str) -> String {
    forms
        .iter()
        .map(|f| format!("`{}`", f.display(partition)))
        .collect::<Vec<_>>()
        .join(", or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(t: &str) -> &'static [ArnForm] {
        ArnForms::builtin()
            .of_resource_type(t)
            .unwrap_or_else(|| panic!("{t}"))
    }

    #[test]
    fn forms_say_what_they_require() {
        let bucket = &forms("aws:s3:bucket")[0];
        assert!(!bucket.has_region && !bucket.has_account && bucket.prefix.is_empty());
        let role = &forms("aws:iam:role")[0];
        assert!(!role.has_region && role.has_account && role.prefix == "role/");
        let cluster = &forms("aws:rds:cluster")[0];
        assert!(cluster.has_region && cluster.has_account && cluster.prefix == "cluster:");
    }

    #[test]
    fn display_fills_the_partition_and_names_the_rest() {
        assert_eq!(
            forms("aws:rds:cluster")[0].display("aws-cn"),
            "arn:aws-cn:rds:<region>:<account>:cluster:<dbClusterInstanceName>"
        );
        assert_eq!(
            forms("aws:s3:bucket")[0].display("aws"),
            "arn:aws:s3:::<bucketName>"
        );
    }

    #[test]
    fn a_missing_account_is_told_apart_from_another_resource() {
        let role = ArnForms::builtin().of_field(ArnField::Role);
        let check = |text| fit_forms(role, &Arn::parse(text).unwrap());
        assert_eq!(check("arn:aws:iam::123456789012:role/x"), Fit::Fits);
        assert!(matches!(check("arn:aws:iam:::role/x"), Fit::NoAccount(_)));
        assert_eq!(
            check("arn:aws:iam::123456789012:user/x"),
            Fit::OtherResource
        );
        let instance = forms("aws:ec2:instance");
        let check = |text| fit_forms(instance, &Arn::parse(text).unwrap());
        assert!(matches!(
            check("arn:aws:ec2:us-east-1::instance/i-1"),
            Fit::NoAccount(_)
        ));
        assert!(matches!(
            check("arn:aws:ec2::123456789012:instance/i-1"),
            Fit::NoRegion(_)
        ));
        assert_eq!(
            check("arn:aws:ec2:us-east-1:123456789012:instance/"),
            Fit::OtherResource
        );
    }
}
