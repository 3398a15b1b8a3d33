#!/usr/bin/env bash
# Headless Neovim attached to `fislint lsp` on a broken template (tests/nvim/attach.lua).
# FISLINT_BIN defaults to target/debug/fislint.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
FISLINT_BIN=${FISLINT_BIN:-$PWD/target/debug/fislint}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The description holds an astral character before the bad value on the same line.
cat >"$scratch/template.yaml" <<'YAML'
Resources:
  Experiment:
    Type: AWS::FIS::ExperimentTemplate
    Properties: {Description: "Chaos 🚀 test", RoleArn: arn:aws:iam::123456789012:role/fis, StopConditions: [{Source: none}], Targets: {}, Actions: {Stop: {ActionId: aws:ec2:stop-instance}}}
YAML
export FISLINT_BIN FISLINT_NVIM_FILE="$scratch/template.yaml"
# HOME and XDG dirs in the scratch directory: no user configuration, no shada, no swap files.
HOME="$scratch" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" XDG_STATE_HOME="$scratch" \
  timeout 60 nvim --headless --clean -n -c "luafile tests/nvim/attach.lua" </dev/null || status=$?
# Neovim's `print` ends no line in headless mode.
echo >&2
exit "${status:-0}"
