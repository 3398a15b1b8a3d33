# Synthetic fixture (hand-made for fislint, not a real file): action target keys that FIS
# takes but that the Terraform provider's fixed key list accepts only from some version on
# (Functions, KinesisStreams, VPCEndpoints, ManagedResources) or not at all as far as any
# source shows (VirtualInterfaces, MultiRegionClusters). Valid for the FIS API.
# Expected findings: ../NOTES.md.

resource "aws_fis_experiment_template" "newer_target_keys" {
  description = "one action per newer target key"
  role_arn    = "arn:aws:iam::123456789012:role/fis-experiments"

  stop_condition {
    source = "aws:cloudwatch:alarm"
    value  = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-errors"
  }

  action {
    name      = "add-delay"
    action_id = "aws:lambda:invocation-add-delay"

    parameter {
      key   = "duration"
      value = "PT5M"
    }

    target {
      key   = "Functions"
      value = "functions"
    }
  }

  action {
    name      = "throttle-stream"
    action_id = "aws:kinesis:stream-provisioned-throughput-exception"

    parameter {
      key   = "duration"
      value = "PT5M"
    }

    parameter {
      key   = "percentage"
      value = "50"
    }

    target {
      key   = "KinesisStreams"
      value = "streams"
    }
  }

  action {
    name      = "cut-endpoint"
    action_id = "aws:network:disrupt-vpc-endpoint"

    parameter {
      key   = "duration"
      value = "PT5M"
    }

    target {
      key   = "VPCEndpoints"
      value = "endpoints"
    }
  }

  action {
    name      = "shift-away"
    action_id = "aws:arc:start-zonal-autoshift"

    parameter {
      key   = "duration"
      value = "PT30M"
    }

    parameter {
      key   = "availabilityZoneIdentifier"
      value = "us-east-1a"
    }

    target {
      key   = "ManagedResources"
      value = "managed"
    }
  }

  action {
    name      = "disconnect-vif"
    action_id = "aws:directconnect:virtual-interface-disconnect"

    parameter {
      key   = "duration"
      value = "PT10M"
    }

    target {
      key   = "VirtualInterfaces"
      value = "interfaces"
    }
  }

  action {
    name      = "pause-memorydb"
    action_id = "aws:memorydb:multi-region-cluster-pause-replication"

    parameter {
      key   = "duration"
      value = "PT5M"
    }

    target {
      key   = "MultiRegionClusters"
      value = "memorydb"
    }
  }

  target {
    name           = "functions"
    resource_type  = "aws:lambda:function"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }

  target {
    name           = "streams"
    resource_type  = "aws:kinesis:stream"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }

  target {
    name           = "endpoints"
    resource_type  = "aws:ec2:vpc-endpoint"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }

  target {
    name           = "managed"
    resource_type  = "aws:arc:zonal-shift-managed-resource"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }

  target {
    name           = "interfaces"
    resource_type  = "aws:directconnect:virtual-interface"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }

  target {
    name           = "memorydb"
    resource_type  = "aws:memorydb:multi-region-cluster"
    selection_mode = "COUNT(1)"

    resource_tag {
      key   = "FisReady"
      value = "true"
    }
  }
}
