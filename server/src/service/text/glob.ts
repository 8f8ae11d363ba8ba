/**
 * Matches paths against the editor's file globs (`**` for any folders, `*` within a name,
 * `?`, `{a,b}`), the subset VS Code settings use; a glob without `/` matches the file name.
 */
const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      const close = glob.indexOf('}', i);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${glob.slice(i + 1, close).split(',').map((p) => p.replace(/[.+^$()|[\]\\]/g, '\\$&')).join('|')})`;
        i = close;
      }
    } else source += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${source}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  let re = cache.get(glob);
  if (!re) {
    re = toRegExp(glob.startsWith('/') ? glob.slice(1) : glob);
    cache.set(glob, re);
  }
  return re.test(path);
}
