# Synthetic fixture (hand-made for fislint, not a real file): `dynamic` blocks, `count` and
# `for_each` beside literal blocks. Expected findings: ../NOTES.md.

variable "enabled" {
  type    = bool
  default = true
}

variable "extra_actions" {
  type    = map(object({ action_id = string, duration = string }))
  default = {}
}

variable "extra_targets" {
  type    = map(object({ resource_type = string, tag_value = string }))
  default = {}
}

variable "role_arn" {
  type = string
}

variable "alarm_arns" {
  type    = list(string)
  default = []
}

variable "actions" {
  type = map(object({
    action_id   = string
    start_after = list(string)
    parameters  = map(string)
  }))
  default = {}
}

resource "aws_fis_experiment_template" "dynamic_mix" {
  count       = var.enabled ? 1 : 0
  description = "literal actions beside generated ones (copy ${count.index})"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors"
  }

  # Waits for an action that only a dynamic block creates.
  action {
    name        = "stop-one"
    action_id   = "aws:ec2:stop-instances"
    start_after = ["generated-wait"]

    parameter {
      key   = "startInstancesAfterDuration"
      value = "PT5M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  dynamic "action" {
    for_each = ["generated-wait"]
    content {
      name      = action.value
      action_id = "aws:fis:wait"

      parameter {
        key   = "duration"
        value = "PT1M"
      }
    }
  }

  dynamic "action" {
    for_each = var.extra_actions
    content {
      name      = action.key
      action_id = action.value.action_id

      parameter {
        key   = "duration"
        value = action.value.duration
      }

      target {
        key   = "Instances"
        value = "spare"
      }
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

  # Only the dynamic actions use this target.
  target {
    name           = "spare"
    resource_type  = "aws:ec2:instance"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "Tier"
      value = "spare"
    }
  }

  dynamic "target" {
    for_each = var.extra_targets
    content {
      name           = target.key
      resource_type  = target.value.resource_type
      selection_mode = "ALL"

      resource_tag {
        key   = "Tier"
        value = target.value.tag_value
      }
    }
  }
}

resource "aws_fis_experiment_template" "per_az" {
  for_each    = toset(["us-east-1a", "us-east-1b"])
  description = "cut the app subnets of ${each.key}"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "none"
  }

  action {
    name      = "disrupt"
    action_id = "aws:network:disrupt-connectivity"

    parameter {
      key   = "duration"
      value = "PT10M"
    }

    parameter {
      key   = "scope"
      value = "availability-zone"
    }

    target {
      key   = "Subnets"
      value = "app-subnets"
    }
  }

  target {
    name           = "app-subnets"
    resource_type  = "aws:ec2:subnet"
    selection_mode = "ALL"

    resource_tag {
      key   = "Tier"
      value = "app"
    }

    parameters = {
      availabilityZoneIdentifier = each.key
    }
  }
}

resource "aws_fis_experiment_template" "all_generated" {
  description = "nothing here is known before apply"
  role_arn    = var.role_arn

  dynamic "stop_condition" {
    for_each = var.alarm_arns
    content {
      source = "aws:cloudwatch:alarm"
      value  = stop_condition.value
    }
  }

  dynamic "action" {
    for_each = var.actions
    iterator = step
    content {
      name        = step.key
      action_id   = step.value.action_id
      start_after = step.value.start_after

      dynamic "parameter" {
        for_each = step.value.parameters
        content {
          key   = parameter.key
          value = parameter.value
        }
      }
    }
  }
}
