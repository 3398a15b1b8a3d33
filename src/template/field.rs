//! Property names in both spellings: the FIS API's camelCase and CloudFormation's PascalCase.

/// One property of the experiment template model, named once for both forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub api: &'static str,
    pub cfn: &'static str,
}

const fn field(api: &'static str, cfn: &'static str) -> Field {
    Field { api, cfn }
}

pub const DESCRIPTION: Field = field("description", "Description");
pub const ROLE_ARN: Field = field("roleArn", "RoleArn");
pub const STOP_CONDITIONS: Field = field("stopConditions", "StopConditions");
pub const SOURCE: Field = field("source", "Source");
pub const VALUE: Field = field("value", "Value");
pub const TARGETS: Field = field("targets", "Targets");
pub const RESOURCE_TYPE: Field = field("resourceType", "ResourceType");
pub const RESOURCE_ARNS: Field = field("resourceArns", "ResourceArns");
pub const RESOURCE_TAGS: Field = field("resourceTags", "ResourceTags");
pub const FILTERS: Field = field("filters", "Filters");
pub const PATH: Field = field("path", "Path");
pub const VALUES: Field = field("values", "Values");
pub const SELECTION_MODE: Field = field("selectionMode", "SelectionMode");
pub const PARAMETERS: Field = field("parameters", "Parameters");
pub const ACTIONS: Field = field("actions", "Actions");
pub const ACTION_ID: Field = field("actionId", "ActionId");
pub const START_AFTER: Field = field("startAfter", "StartAfter");
pub const LOG_CONFIGURATION: Field = field("logConfiguration", "LogConfiguration");
pub const LOG_SCHEMA_VERSION: Field = field("logSchemaVersion", "LogSchemaVersion");
pub const CLOUDWATCH_LOGS_CONFIGURATION: Field =
    field("cloudWatchLogsConfiguration", "CloudWatchLogsConfiguration");
pub const LOG_GROUP_ARN: Field = field("logGroupArn", "LogGroupArn");
pub const S3_CONFIGURATION: Field = field("s3Configuration", "S3Configuration");
pub const BUCKET_NAME: Field = field("bucketName", "BucketName");
pub const PREFIX: Field = field("prefix", "Prefix");
pub const EXPERIMENT_OPTIONS: Field = field("experimentOptions", "ExperimentOptions");
pub const ACCOUNT_TARGETING: Field = field("accountTargeting", "AccountTargeting");
pub const EMPTY_TARGET_RESOLUTION_MODE: Field =
    field("emptyTargetResolutionMode", "EmptyTargetResolutionMode");
pub const EXPERIMENT_REPORT_CONFIGURATION: Field = field(
    "experimentReportConfiguration",
    "ExperimentReportConfiguration",
);
pub const REPORT_OUTPUTS: Field = field("outputs", "Outputs");
pub const REPORT_S3_CONFIGURATION: Field =
    field("s3Configuration", "ExperimentReportS3Configuration");
pub const REPORT_DATA_SOURCES: Field = field("dataSources", "DataSources");
pub const CLOUDWATCH_DASHBOARDS: Field = field("cloudWatchDashboards", "CloudWatchDashboards");
pub const TAGS: Field = field("tags", "Tags");

impl Field {
    /// The spelling this form uses.
    pub fn name(self, form: super::Form) -> &'static str {
        match form {
            super::Form::Api => self.api,
            super::Form::CloudFormation => self.cfn,
        }
    }
}
