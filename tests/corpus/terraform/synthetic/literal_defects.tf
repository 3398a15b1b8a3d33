# Synthetic fixture (hand-made for fislint, not a real file): fully literal templates, one
# defect each, so every finding's position can be pinned. Expected findings: ../NOTES.md.

resource "aws_fis_experiment_template" "wrong_target_key" {
  description = "terminate one node of the orders node group"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors"
  }

  action {
    name      = "terminate-nodes"
    action_id = "aws:eks:terminate-nodegroup-instances"

    parameter {
      key   = "instanceTerminationPercentage"
      value = "20"
    }

    target {
      key   = "Clusters"
      value = "orders-nodes"
    }
  }

  target {
    name           = "orders-nodes"
    resource_type  = "aws:eks:nodegroup"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "Service"
      value = "orders"
    }
  }
}

resource "aws_fis_experiment_template" "parameter_faults" {
  description = "reboot, then wait"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors"
  }

  action {
    name      = "reboot"
    action_id = "aws:ec2:reboot-instances"

    # reboot-instances takes no parameters
    parameter {
      key   = "duration"
      value = "PT5M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  action {
    name        = "settle"
    action_id   = "aws:fis:wait"
    start_after = ["reboot"]

    parameter {
      key   = "duration"
      value = "5 minutes"
    }
  }

  action {
    name        = "cut-network"
    action_id   = "aws:network:disrupt-connectivity"
    start_after = ["setle"]

    parameter {
      key   = "duration"
      value = "PT2M"
    }

    target {
      key   = "Subnets"
      value = "app-subnets"
    }
  }

  target {
    name           = "web"
    resource_type  = "aws:ec2:instance"
    selection_mode = "count(1)"

    resource_tag {
      key   = "Tier"
      value = "web"
    }
  }

  target {
    name           = "app-subnets"
    resource_type  = "aws:ec2:subnet"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "Tier"
      value = "app"
    }
  }
}

resource "aws_fis_experiment_template" "stop_and_log_faults" {
  description = "alarm and log destinations written wrong"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "orders-errors"
  }

  stop_condition {
    source = "aws:cloudwatch:alarm"
  }

  action {
    name      = "fail-over"
    action_id = "aws:rds:failover-db-cluster"

    target {
      key   = "Clusters"
      value = "orders-db"
    }
  }

  target {
    name           = "orders-db"
    resource_type  = "aws:rds:cluster"
    selection_mode = "ALL"
    resource_arns  = ["arn:aws:rds:us-east-1:123456789012:db:orders-1"]
  }

  log_configuration {
    log_schema_version = 2

    cloudwatch_logs_configuration {
      log_group_arn = "/aws/fis/experiments"
    }
  }
}

resource "aws_fis_experiment_template" "duplicates" {
  description = "the provider would merge these silently"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors"
  }

  action {
    name      = "stop"
    action_id = "aws:ec2:stop-instances"

    parameter {
      key   = "startInstancesAfterDuration"
      value = "PT5M"
    }

    parameter {
      key   = "startInstancesAfterDuration"
      value = "PT10M"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  action {
    name      = "stop"
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
}

resource "aws_fis_experiment_template" "terraform_shape_faults" {
  description = "what the provider's schema does not allow"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors"
  }

  action {
    name       = "stop"
    action_id  = "aws:ec2:stop-instances"
    parameters = { startInstancesAfterDuration = "PT5M" }

    target {
      key   = "Instances"
      value = "web"
    }

    target {
      key   = "Instances"
      value = "web"
    }
  }

  action {
    name      = "reboot-db"
    action_id = "aws:rds:reboot-db-instances"

    # A bool: Terraform turns it into the string "true"; not a type error.
    parameter {
      key   = "forceFailover"
      value = true
    }

    target {
      key   = "DBInstances"
      value = "db"
    }
  }

  target {
    name           = "web"
    resource_type  = "aws:ec2:instance"
    selection_mode = "COUNT(1)"
    resource_arns  = ["arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"]

    resource_tag {
      key   = "Tier"
      value = "web"
    }
  }

  target {
    name           = "db"
    resource_type  = "aws:rds:db"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "Tier"
      value = "db"
    }
  }
}
