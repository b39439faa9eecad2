/** The reference page's stylesheet. */
export const DOCS_CSS = `
:root { --ink: #1d2330; --soft: #5b6475; --line: #e3e6ec; --paper: #fff; --tint: #f6f7f9;
  --post: #2f6fdf; --get: #1b8a5a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: var(--paper); }
header { padding: 18px 28px; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header small { color: var(--soft); font-weight: 400; font-size: 14px; }
header p { margin: 0; color: var(--soft); }
a { color: var(--post); text-decoration: none; }
a:hover { text-decoration: underline; }
.layout { display: grid; grid-template-columns: 320px 1fr; }
nav { position: sticky; top: 0; align-self: start; height: 100vh; overflow: auto;
  padding: 12px 16px 24px 24px; border-right: 1px solid var(--line); background: var(--tint); }
nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--soft);
  margin: 18px 0 6px; }
nav ul { list-style: none; margin: 0; padding: 0; }
nav li { margin: 4px 0; font-size: 12.5px; overflow-wrap: anywhere; }
nav a { color: var(--ink); }
main { padding: 8px 36px 60px; max-width: 1060px; }
section.tag > h2, section.schema > h2 { margin-top: 40px; padding-bottom: 6px;
  border-bottom: 2px solid var(--ink); text-transform: capitalize; }
.operation { margin: 22px 0 34px; padding: 16px 20px; border: 1px solid var(--line);
  border-radius: 8px; }
.operation h3 { margin: 0; font-size: 17px; }
.operation h4 { margin: 18px 0 6px; font-size: 14px; }
.summary { margin: 4px 0 8px; font-weight: 600; color: var(--soft); }
.method { display: inline-block; min-width: 44px; padding: 1px 6px; border-radius: 4px;
  color: #fff; font: 600 11px/1.6 ui-monospace, monospace; text-align: center; }
.method.post { background: var(--post); }
.method.get { background: var(--get); }
.caller { padding: 8px 12px; background: var(--tint); border-radius: 6px; }
.scheme { font: 12px ui-monospace, monospace; color: var(--soft); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; }
p code, li code, td code { background: var(--tint); padding: 0 3px; border-radius: 3px; }
pre { background: #1d2330; color: #e8ebf1; padding: 12px 14px; border-radius: 6px;
  overflow: auto; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; color: var(--soft); }
td p { margin: 0; }
td:first-child { white-space: nowrap; }
.req { font-size: 11px; color: #b5482b; }
details { margin: 8px 0; }
summary { cursor: pointer; color: var(--post); font-size: 14px; }
h5 { margin: 10px 0 4px; font-size: 13px; color: var(--soft); }
@media (max-width: 800px) {
  .layout { display: block; }
  nav { position: static; height: auto; }
}
`;
