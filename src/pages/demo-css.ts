/** The demo page's stylesheet. */
export const DEMO_CSS = `
:root { --ink: #1d2330; --soft: #667085; --line: #e3e6ec; --brand: #2f6fdf; --tint: #f4f6f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #dfe3ea; }
.demo { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px;
  min-height: 100vh; }
.pane { position: relative; background: #fff; border-radius: 10px; overflow: hidden;
  box-shadow: 0 1px 3px rgba(16, 24, 40, .12); display: flex; flex-direction: column; }
.pane > header { display: flex; justify-content: space-between; align-items: center;
  padding: 12px 16px; border-bottom: 1px solid var(--line); }
.pane > header span { color: var(--soft); font-size: 13px; }
.shop-bar { background: #14213d; color: #fff; border: 0; }
.shop-bar span { color: #c7d0e0 !important; }
.product { display: flex; gap: 18px; padding: 24px; }
.picture { width: 150px; height: 150px; border-radius: 8px; flex: none;
  background: linear-gradient(135deg, #f4a259 0%, #e76f51 100%); }
.product h2 { margin: 4px 0; }
.product p { margin: 4px 0; color: var(--soft); }
.price { color: var(--ink) !important; font-weight: 600; font-size: 18px; }
.launcher { position: absolute; right: 20px; bottom: 20px; border: 0; border-radius: 999px;
  padding: 12px 20px; background: var(--brand); color: #fff; font: inherit; font-weight: 600;
  cursor: pointer; box-shadow: 0 4px 12px rgba(47, 111, 223, .35); }
.widget { position: absolute; right: 20px; bottom: 20px; width: min(360px, calc(100% - 40px));
  height: 440px; display: flex; flex-direction: column; background: #fff; border-radius: 12px;
  box-shadow: 0 10px 30px rgba(16, 24, 40, .25); overflow: hidden; }
.widget[hidden] { display: none; }
.widget > header { display: flex; justify-content: space-between; padding: 12px 14px;
  background: var(--brand); color: #fff; }
.widget > header span { font-size: 12px; opacity: .85; }
.log { list-style: none; margin: 0; padding: 12px; flex: 1; overflow-y: auto;
  display: flex; flex-direction: column; gap: 8px; background: var(--tint); }
.bubble { max-width: 80%; padding: 8px 11px; border-radius: 12px; background: #fff;
  box-shadow: 0 1px 1px rgba(16, 24, 40, .08); align-self: flex-start; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.bubble.mine { align-self: flex-end; background: var(--brand); color: #fff; }
.bubble time { display: block; margin-top: 2px; font-size: 11px; opacity: .7; }
.composer { display: flex; gap: 8px; padding: 10px; border-top: 1px solid var(--line); }
.composer input { flex: 1; padding: 8px 10px; border: 1px solid var(--line); border-radius: 8px;
  font: inherit; }
.composer button { border: 0; border-radius: 8px; padding: 8px 14px; background: var(--brand);
  color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
.composer button:disabled { background: #a9b4c6; cursor: default; }
.console-body { display: grid; grid-template-columns: 190px 1fr; flex: 1; min-height: 420px; }
.console aside { border-right: 1px solid var(--line); padding: 10px; }
.console aside h2 { margin: 4px 4px 8px; font-size: 12px; text-transform: uppercase;
  letter-spacing: .06em; color: var(--soft); }
.console aside ul { list-style: none; margin: 0; padding: 0; }
.console aside li button { width: 100%; text-align: left; border: 0; border-radius: 6px;
  padding: 8px; background: none; font: inherit; cursor: pointer; }
.console aside li button span { display: block; overflow: hidden; white-space: nowrap;
  text-overflow: ellipsis; font-size: 12px; color: var(--soft); }
.console aside li.active button { background: #e8effc; color: var(--brand); font-weight: 600; }
.console aside .empty { color: var(--soft); font-size: 13px; padding: 4px; }
.conversation { display: flex; flex-direction: column; min-width: 0; }
.conversation .title { padding: 10px 14px; border-bottom: 1px solid var(--line); font-size: 13px;
  color: var(--soft); overflow-wrap: anywhere; }
.note { margin: 0; padding: 10px 16px; font-size: 12px; color: var(--soft);
  border-top: 1px solid var(--line); }
code { font: 12px ui-monospace, Menlo, monospace; }
@media (max-width: 900px) {
  .demo { grid-template-columns: 1fr; }
  .pane.shop { min-height: 560px; }
}
`;
