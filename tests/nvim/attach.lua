-- Headless Neovim (0.7 and later) with its built-in LSP client attached to `fislint lsp`:
-- opens a broken template, checks the diagnostics Neovim reports, edits the buffer and checks
-- that they follow. Exits 0 when every check holds, 1 otherwise. Run by tests/nvim/run.sh.
local function fail(message)
  io.stderr:write("nvim test: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function run()
  local bin = assert(os.getenv("FISLINT_BIN"), "FISLINT_BIN is not set")
  local file = assert(os.getenv("FISLINT_NVIM_FILE"), "FISLINT_NVIM_FILE is not set")
  local bad = "aws:ec2:stop-instance"
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  -- vim.lsp.start (0.8+) is what the README shows; start_client + buf_attach_client is what
  -- Debian bookworm's 0.7 has.
  local client_id = vim.lsp.start_client({
    name = "fislint",
    cmd = { bin, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
  })
  if not client_id then
    return fail("the client did not start")
  end
  vim.lsp.buf_attach_client(buf, client_id)

  local function fis001()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == "FIS001" then
        return d
      end
    end
  end
  if not vim.wait(15000, function() return fis001() ~= nil end, 20) then
    return fail("no FIS001 diagnostic arrived")
  end
  local d = fis001()
  -- Neovim stores byte columns: the server's UTF-16 columns, converted back, must land on the
  -- bad value even after the multi-byte description on the same line.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local want_line, want_col
  for i, line in ipairs(lines) do
    local at = string.find(line, bad, 1, true)
    if at then
      want_line, want_col = i - 1, at - 1
    end
  end
  if d.lnum ~= want_line or d.col ~= want_col or d.end_col ~= want_col + #bad then
    return fail(string.format("FIS001 at %d:%d-%d, expected %d:%d-%d", d.lnum, d.col, d.end_col,
      want_line, want_col, want_col + #bad))
  end
  if d.source ~= "fislint" or d.severity ~= vim.diagnostic.severity.ERROR then
    return fail("unexpected source or severity: " .. vim.inspect(d))
  end

  -- Typing the fix: the finding goes away as the buffer changes.
  vim.api.nvim_buf_set_text(buf, want_line, want_col, want_line, want_col + #bad,
    { "aws:ec2:stop-instances" })
  if not vim.wait(15000, function() return fis001() == nil end, 20) then
    return fail("FIS001 stayed after the edit")
  end
  print(string.format("nvim test: FIS001 reported at %d:%d, gone after the edit", want_line, want_col))
  vim.lsp.stop_client(client_id)
  vim.cmd("qall!")
end

local ok, error = pcall(run)
if not ok then
  fail(tostring(error))
end
