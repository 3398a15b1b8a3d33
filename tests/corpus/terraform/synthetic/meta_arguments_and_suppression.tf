# Synthetic fixture (hand-made for fislint, not a real file): Terraform meta-arguments that
# are not part of the FIS template, and the suppression comment form the issue proposes.
# Expected findings: ../NOTES.md.

// A `//` comment, and a block comment:
/* resource "aws_fis_experiment_template" "commented_out" {
     description = "not a template"
   } */

# fislint: ignore FIS003 -- game-day template, run by hand with someone watching the dashboard
resource "aws_fis_experiment_template" "meta_arguments" {
  provider   = aws.us_east_1
  depends_on = [aws_iam_role_policy_attachment.fis]

  description = "reboot one web instance"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "none"
  }

  action {
    name      = "reboot"
    action_id = "aws:ec2:reboot-instances"

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

  experiment_options {
    account_targeting            = "single-account"
    empty_target_resolution_mode = "skip"
  }

  timeouts {
    create = "10m"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# fislint: ignore FIS001 -- kept from an older version of this file
resource "aws_fis_experiment_template" "stale_suppression" {
  description = "nothing here is wrong"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors"
  }

  action {
    name      = "wait"
    action_id = "aws:fis:wait"

    parameter {
      key   = "duration"
      value = "PT1M"
    }
  }
}
