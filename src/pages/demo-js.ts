/**
 * The demo page's script. It uses the public API exactly as a storefront's widget and an agent's
 * console would: HTTP to open, read and send, WebSockets to hear what the other side wrote.
 */
export const DEMO_JS = `'use strict';
(function () {
  var root = document.querySelector('.demo');
  var bcid = root.dataset.bcid;
  var RECONNECT_MS = 1000;
  var VISITOR_KEY = 'aftershop-demo-visitor';

  async function call(path, body, token) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    var init = { method: 'POST', headers: headers, body: JSON.stringify(body) };
    var response = await fetch(path, init);
    var envelope = await response.json();
    if (!envelope.status) throw new Error(envelope.error.code + ': ' + envelope.error.message);
    return envelope.data;
  }

  function $(id) { return document.getElementById(id); }

  function clock(seconds) {
    return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /**
   * A socket on this origin that sends its auth frame first, since the URL carries no
   * credentials. It reconnects after any close but a refusal (1008), which would be refused
   * again; query() is asked anew each time, so a resume can name the last message it has.
   */
  function live(query, auth, handlers) {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    function connect() {
      var socket = new WebSocket(scheme + location.host + query());
      socket.onopen = function () {
        socket.send(JSON.stringify({ event: 'auth', data: auth }));
      };
      socket.onmessage = function (event) {
        var frame = JSON.parse(event.data);
        if (handlers[frame.event]) handlers[frame.event](frame.data);
      };
      socket.onclose = function (event) {
        handlers.closed(event.code === 1008);
        if (event.code !== 1008) setTimeout(connect, RECONNECT_MS);
      };
    }
    connect();
  }

  /**
   * One session's messages as a list drawn into an element. A message can arrive twice (the
   * HTTP answer to a send and its push, a page and a push), so they are kept by id; createdAt
   * increases strictly along the session's log, so sorting by it restores the log's order.
   */
  function conversation(list, mine) {
    var byId = new Map();

    function draw() {
      var messages = Array.from(byId.values()).sort(function (a, b) {
        return a.createdAt - b.createdAt;
      });
      list.replaceChildren.apply(list, messages.map(function (message) {
        var item = document.createElement('li');
        item.className = 'bubble ' + (message.sendBy === mine ? 'mine' : 'theirs');
        item.dataset.sendBy = message.sendBy;
        var text = document.createElement('span');
        text.textContent = message.value;
        var meta = document.createElement('time');
        var who = message.sendBy === 'handler' ? 'agent' : 'shopper';
        meta.textContent = who + ' · ' + clock(message.createdAt);
        item.append(text, meta);
        return item;
      }));
      list.scrollTop = list.scrollHeight;
    }

    return {
      add: function (messages) {
        messages.forEach(function (m) { byId.set(m.chatRoomMessageId, m); });
        if (messages.length > 0) draw();
      },
    };
  }

  function sendAt() { return Date.now() / 1000; }

  // The shopper's widget: one socket on its session.
  var widget = { identity: null, sessionId: null, log: conversation($('widget-log'), 'customer') };

  async function openWidget() {
    $('widget-open').hidden = true;
    $('widget').hidden = false;
    var stored = localStorage.getItem(VISITOR_KEY);
    var opened = await call('/message/customer/init_message_session',
      stored ? { bcid: bcid, customerIdentifier: stored } : { bcid: bcid });
    if (opened.customerIdentifier) localStorage.setItem(VISITOR_KEY, opened.customerIdentifier);
    widget.identity = { customerIdentifier: opened.customerIdentifier || stored };
    widget.sessionId = opened.sessionId;
    widget.log.add(opened.messages);

    // Only pushed messages move the resume point: they come in log order, a send's answer
    // does not, and resuming after it could skip a message pushed just before it.
    var last = null;
    var path = '/message/customer/connect?bcid=' + encodeURIComponent(bcid) +
      '&sessionId=' + encodeURIComponent(opened.sessionId);
    live(function () { return last ? path + '&after=' + encodeURIComponent(last) : path; },
      widget.identity, {
        message: function (message) {
          last = message.chatRoomMessageId;
          widget.log.add([message]);
        },
        ready: function () { $('widget-status').textContent = 'online'; },
        error: function (error) { console.warn('widget socket', error.code, error.message); },
        closed: function (refused) {
          $('widget-status').textContent = refused ? 'disconnected' : 'reconnecting…';
        },
      });
    $('widget-input').focus();
  }

  $('widget-open').addEventListener('click', function () {
    openWidget().catch(function (error) { $('widget-status').textContent = error.message; });
  });

  $('widget-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    var input = $('widget-input');
    var value = input.value.trim();
    if (!value || !widget.sessionId) return;
    input.value = '';
    var body = Object.assign({ bcid: bcid, sessionId: widget.sessionId, type: 'text', value: value,
      sendAt: sendAt(), fromDevice: 'demo widget' }, widget.identity);
    try {
      widget.log.add([await call('/message/customer/send_message', body)]);
    } catch (error) {
      $('widget-status').textContent = error.message;
    }
  });

  // The agent's console: the inbox socket tells it of sessions and of every message in them.
  var agent = { token: null, name: '', selected: null, log: null, items: new Map() };

  function status(text) { $('console-agent').textContent = agent.name + ' · ' + text; }

  /** The session's entry in the list, made on first sight; its text is the latest message. */
  function entry(session) {
    var item = agent.items.get(session.sessionId);
    if (!item) {
      var empty = $('console-sessions').querySelector('.empty');
      if (empty) empty.remove();
      item = document.createElement('li');
      item.dataset.sessionId = session.sessionId;
      var button = document.createElement('button');
      button.type = 'button';
      var who = document.createElement('strong');
      who.textContent = (session.customerIdentifierType === 'customer' ? 'Customer ' : 'Visitor ') +
        session.customerIdentifier.slice(0, 8);
      var preview = document.createElement('span');
      button.append(who, preview);
      button.addEventListener('click', function () {
        select(session.sessionId).catch(function (error) { status(error.message); });
      });
      item.append(button);
      agent.items.set(session.sessionId, item);
    }
    return item;
  }

  /**
   * Moves a session to the top of the list, showing its latest message. A reread of the list
   * can be older than what the socket pushed (the list follows the sessions within a second),
   * so a message older than the one shown changes nothing.
   */
  function touch(session, message) {
    var item = entry(session);
    if (message) {
      if (Number(item.dataset.at || 0) > message.createdAt) return;
      item.dataset.at = String(message.createdAt);
      item.querySelector('span').textContent = message.revoked ? '' : message.value;
    }
    $('console-sessions').prepend(item);
  }

  async function select(sessionId) {
    var label = agent.items.get(sessionId).querySelector('strong').textContent;
    agent.selected = sessionId;
    agent.items.forEach(function (item, id) { item.classList.toggle('active', id === sessionId); });
    $('console-title').textContent = label + ' · session ' + sessionId;
    agent.log = conversation($('console-log'), 'handler');
    $('console-log').replaceChildren();
    $('console-input').disabled = false;
    document.querySelector('#console-form button').disabled = false;

    // The inbox pushes what arrives from now on; the page brings what came before.
    var earlier = await call('/message/client/get_messages',
      { bcid: bcid, sessionId: sessionId, nextOrPrevious: 'previous', size: 100 }, agent.token);
    if (agent.selected === sessionId) agent.log.add(earlier);
  }

  /** Everything the inbox had before the socket joined it, oldest activity first. */
  async function reread() {
    var listed = await call('/message/client/list_sessions', { bcid: bcid }, agent.token);
    listed.sessions.reverse().forEach(function (s) { touch(s, s.lastMessage); });
  }

  async function signIn() {
    var granted = await call('/demo/tokens', { bcid: bcid });
    agent.token = granted.accessToken;
    agent.name = granted.clientUserId + ' · client ' + granted.clientId.slice(0, 8);
    status('connecting…');

    // Resuming the inbox is left out: after a disconnect the console rereads the list, and a
    // selected session its page, which is all this console shows.
    live(function () { return '/message/client/inbox?bcid=' + encodeURIComponent(bcid); },
      { token: agent.token }, {
        session: function (session) { touch(session, null); },
        message: function (message) {
          // An agent's message names no shopper, so it only updates a session already listed.
          if (message.sendBy === 'customer' || agent.items.has(message.sessionId)) {
            touch(message, message);
          }
          if (message.sessionId === agent.selected) agent.log.add([message]);
        },
        ready: function () {
          status('live');
          reread().catch(function (error) { status(error.message); });
          if (agent.selected) select(agent.selected).catch(function (e) { status(e.message); });
        },
        error: function (error) { console.warn('inbox socket', error.code, error.message); },
        closed: function (refused) { status(refused ? 'disconnected' : 'reconnecting…'); },
      });
  }

  signIn().catch(function (error) { $('console-agent').textContent = error.message; });

  $('console-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    var input = $('console-input');
    var value = input.value.trim();
    if (!value || !agent.selected) return;
    input.value = '';
    var body = {
      bcid: bcid, sessionId: agent.selected, type: 'text', value: value, sendAt: sendAt(),
    };
    try {
      agent.log.add([await call('/message/client/send_message', body, agent.token)]);
    } catch (error) {
      status(error.message);
    }
  });
})();
`;
