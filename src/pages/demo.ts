import { escape, page } from './html';

/**
 * The local demo: a storefront's chat widget beside an agent console, on one page. The two share
 * nothing in the page: the console learns of the widget's session from its inbox.
 */
export function demoPage(bcid: string): string {
  const body = `<div class="demo" data-bcid="${escape(bcid)}">
<section class="pane shop">
  <header class="shop-bar">
    <strong>Northwind Outfitters</strong><span>storefront ${escape(bcid.slice(0, 8))}</span>
  </header>
  <div class="product">
    <div class="picture" aria-hidden="true"></div>
    <div>
      <h2>Trail jacket</h2><p>Waterproof, packs into its own pocket.</p><p class="price">€ 129</p>
    </div>
  </div>
  <button id="widget-open" class="launcher" type="button">Chat with us</button>
  <div id="widget" class="widget" hidden>
    <header>
      <strong>Customer service</strong><span id="widget-status">connecting…</span>
    </header>
    <ol id="widget-log" class="log" aria-live="polite"></ol>
    <form id="widget-form" class="composer">
      <input id="widget-input" name="text" autocomplete="off" maxlength="5000"
        placeholder="Write a message">
      <button type="submit">Send</button>
    </form>
  </div>
</section>
<section class="pane console">
  <header class="console-bar">
    <strong>Agent console</strong><span id="console-agent">signing in…</span>
  </header>
  <div class="console-body">
    <aside>
      <h2>Sessions</h2>
      <ul id="console-sessions">
        <li class="empty">No session yet: open the chat on the left.</li>
      </ul>
    </aside>
    <div class="conversation">
      <div id="console-title" class="title">No session selected</div>
      <ol id="console-log" class="log" aria-live="polite"></ol>
      <form id="console-form" class="composer">
        <input id="console-input" name="text" autocomplete="off" maxlength="5000"
          placeholder="Reply to the shopper" disabled>
        <button type="submit" disabled>Reply</button>
      </form>
    </div>
  </div>
  <p class="note">Local demo, served by <code>npm run dev</code> only. The widget is an anonymous
  visitor with a socket on its session; the console is <code>demo-agent</code> of the storefront's
  client, with a token the dev server minted, and an inbox socket that tells it of every new
  session and message. Both send over HTTP.</p>
</section>
</div>`;
  return page('Aftershop chat demo', 'demo.css', body, 'demo.js');
}
