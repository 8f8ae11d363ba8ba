-- Neovim (Debian's 0.7) as a third-party LSP client of wsconf's server over stdio.
--   WSCONF_SERVER=server/out/server.js WSCONF_WORKSPACE=<copy of test/e2e/workspace> \
--     nvim --headless --clean -c "luafile test/e2e/nvim/lsp_test.lua"
-- Neovim 0.7 has neither vim.lsp.start nor `nvim -l`: the client is started with start_client and
-- attached by hand. Every wait is vim.wait on a condition. Prints `ok - ` / `not ok - ` lines and
-- exits non-zero when one failed.
local server = assert(os.getenv('WSCONF_SERVER'), 'WSCONF_SERVER is not set')
local root = assert(os.getenv('WSCONF_WORKSPACE'), 'WSCONF_WORKSPACE is not set')
local WAIT = 20000
local failures = 0

local function say(line) io.stdout:write(line .. '\n') end
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    say('ok - neovim: ' .. name)
  else
    failures = failures + 1
    say('not ok - neovim: ' .. name .. ': ' .. tostring(err))
  end
  return ok
end

local function rule_of(d)
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code
end
local function find(bufnr, rule)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if rule_of(d) == rule then return d end
  end
end
local function rules(bufnr)
  local names = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(names, tostring(rule_of(d))) end
  return table.concat(names, ', ')
end

local client_id = vim.lsp.start_client({
  name = 'wsconf',
  cmd = { 'node', server, '--stdio' },
  root_dir = root .. '/socketio',
  workspace_folders = { { uri = vim.uri_from_fname(root .. '/socketio'), name = 'socketio' } },
})

local bufnr, finding
local ok = check('the server starts and reports nginx/ws-missing-upgrade-header', function()
  assert(client_id, 'start_client returned nil')
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/socketio/nginx.conf'))
  bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'nginx'
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  assert(vim.wait(WAIT, function() return find(bufnr, 'nginx/ws-missing-upgrade-header') ~= nil end, 50),
    'no such diagnostic within the wait; got [' .. rules(bufnr) .. ']')
  finding = find(bufnr, 'nginx/ws-missing-upgrade-header')
  assert(finding.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(finding.severity))
  local line = vim.api.nvim_buf_get_lines(bufnr, finding.lnum, finding.lnum + 1, false)[1]
  assert(line:find('proxy_pass http://chat;', 1, true), 'reported on: ' .. line)
end)

if ok then
  check('hover on proxy_read_timeout shows its documentation', function()
    local row
    for i, text in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      if text:find('proxy_read_timeout', 1, true) then row = i - 1 break end
    end
    assert(row, 'no proxy_read_timeout line')
    local col = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1]:find('proxy_read_timeout', 1, true)
    local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = row, character = col + 2 },
    }, WAIT)
    local hover = res and res[client_id] and res[client_id].result
    assert(hover, 'no hover result')
    local text = type(hover.contents) == 'table' and (hover.contents.value or vim.inspect(hover.contents)) or tostring(hover.contents)
    assert(text:find('ngx_http_proxy_module', 1, true), 'hover: ' .. text:sub(1, 200))
  end)

  check('the quick fix applies and the diagnostic goes away', function()
    local position = { line = finding.lnum, character = finding.col }
    local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = position, ['end'] = position },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, finding.lnum), only = { 'quickfix' } },
    }, WAIT)
    local actions = res and res[client_id] and res[client_id].result or {}
    local fix
    for _, a in ipairs(actions) do
      if a.title == 'Add proxy_set_header Upgrade $http_upgrade' then fix = a end
    end
    assert(fix and fix.edit, 'fix not offered among ' .. #actions .. ' actions')
    vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
    local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
    assert(text:find('proxy_set_header Upgrade $http_upgrade;', 1, true), 'the edit did not land')
    assert(vim.wait(WAIT, function() return find(bufnr, 'nginx/ws-missing-upgrade-header') == nil end, 50),
      'the diagnostic stayed: [' .. rules(bufnr) .. ']')
  end)
end

if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end
say(('neovim: %d not ok'):format(failures))
if failures > 0 then vim.cmd('cquit 1') else vim.cmd('qa!') end
