-- Neovim as a second LSP client: opens a .net file with the netlint server attached,
-- waits for its diagnostics, asks for a hover on conv2, and prints both as JSON.
local server = os.getenv('NETLINT_SERVER')
local file = os.getenv('NETLINT_FILE')
local out = {}
local function finish(code)
  io.stdout:write(vim.fn.json_encode(out) .. '\n')
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'netlint', cmd = { os.getenv('NETLINT_NODE') or 'node', server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
  vim.lsp.buf_attach_client(bufnr, id)
  local client = vim.lsp.get_client_by_id(id)
  assert(vim.wait(10000, function() return client.initialized end, 20), 'server did not initialize')
  assert(vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20), 'no diagnostics')
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, { line = d.lnum + 1, col = d.col + 1, severity = d.severity, code = d.code, message = d.message })
  end
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 7, character = 3 } }, 5000)
  for _, response in pairs(responses or {}) do
    if response.result then out.hover = response.result.contents.value end
  end
  vim.lsp.stop_client(id)
end)
if not ok then out.error = tostring(err); finish(1) else finish(0) end
