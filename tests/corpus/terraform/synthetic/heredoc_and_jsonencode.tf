# Synthetic fixture (hand-made for fislint, not a real file): parameter values written as
# heredocs and with jsonencode, literal and not. Expected findings: ../NOTES.md.

locals {
  stress_seconds = 120
}

resource "aws_fis_experiment_template" "ssm_values" {
  description = "the same document parameters written four ways"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors"
  }

  # Literal heredoc: known. The document has no `Duration`; it takes `DurationSeconds`.
  action {
    name      = "heredoc-literal"
    action_id = "aws:ssm:send-command"

    parameter {
      key   = "documentArn"
      value = "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
    }

    parameter {
      key   = "documentParameters"
      value = <<-EOT
        {"Duration": "120", "InstallDependencies": "True"}
      EOT
    }

    parameter {
      key   = "duration"
      value = "PT2M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  # Heredoc with an interpolation: unknown.
  action {
    name      = "heredoc-interpolated"
    action_id = "aws:ssm:send-command"

    parameter {
      key   = "documentArn"
      value = "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
    }

    parameter {
      key   = "documentParameters"
      value = <<EOT
{"DurationSeconds": "${local.stress_seconds}", "InstallDependencies": "True"}
EOT
    }

    parameter {
      key   = "duration"
      value = "PT2M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  # Fully literal jsonencode: known, and its DurationSeconds (600) outlasts the action's
  # duration (PT2M).
  action {
    name      = "jsonencode-literal"
    action_id = "aws:ssm:send-command"

    parameter {
      key   = "documentArn"
      value = "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
    }

    parameter {
      key = "documentParameters"
      value = jsonencode({
        DurationSeconds     = "600"
        InstallDependencies = "True"
      })
    }

    parameter {
      key   = "duration"
      value = "PT2M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  # jsonencode over a local: unknown.
  action {
    name      = "jsonencode-local"
    action_id = "aws:ssm:send-command"

    parameter {
      key   = "documentArn"
      value = "arn:aws:ssm:us-east-1::document/AWSFIS-Run-CPU-Stress"
    }

    parameter {
      key = "documentParameters"
      value = jsonencode({
        DurationSeconds     = tostring(local.stress_seconds)
        InstallDependencies = "True"
      })
    }

    parameter {
      key   = "duration"
      value = "PT2M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  target {
    name           = "web"
    resource_type  = "aws:ec2:instance"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "Tier"
      value = "web"
    }
  }
}
