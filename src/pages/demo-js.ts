/**
 * The demo page's script. It calls the public endpoints exactly as a storefront's widget and an
 * agent's console would, and polls `get_messages` for what the other side wrote.
 */
export const DEMO_JS = `'use strict';
(function () {
  var root = document.querySelector('.demo');
  var bcid = root.dataset.bcid;
  var POLL_MS = 1000;
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

  /** Draws a log: the server's order, then what this side sent that the server has not echoed. */
  function draw(list, messages, mine) {
    list.replaceChildren();
    messages.forEach(function (message) {
      var item = document.createElement('li');
      item.className = 'bubble ' + (message.sendBy === mine ? 'mine' : 'theirs');
      item.dataset.sendBy = message.sendBy;
      var text = document.createElement('span');
      text.textContent = message.value;
      var meta = document.createElement('time');
      var who = message.sendBy === 'handler' ? 'agent' : 'shopper';
      meta.textContent = who + ' · ' + clock(message.createdAt);
      item.append(text, meta);
      list.append(item);
    });
    list.scrollTop = list.scrollHeight;
  }

  /**
   * Follows one session's log: the latest page first, then every newer message once. What this
   * side sent is shown at once and moves to its place in the log when a page confirms it.
   */
  function follower(identity, sessionId, onChange) {
    var log = [];
    var cursor = null;
    var stopped = false;

    function add(messages, confirmed) {
      messages.forEach(function (m) {
        log = log.filter(function (x) { return x.chatRoomMessageId !== m.chatRoomMessageId; });
        log.push(m);
      });
      if (confirmed && messages.length > 0) {
        cursor = messages[messages.length - 1].chatRoomMessageId;
      }
      if (messages.length > 0) onChange(log);
    }

    async function poll() {
      if (stopped) return;
      var query = cursor
        ? { nextOrPrevious: 'next', size: 100, chatRoomMessageId: cursor }
        : { nextOrPrevious: 'previous', size: 100 };
      try {
        add(await call('/message/customer/get_messages',
          Object.assign({ bcid: bcid, sessionId: sessionId }, identity, query)), true);
      } catch (error) {
        console.warn('poll failed', error);
      }
      setTimeout(poll, POLL_MS);
    }

    return { add: add, start: poll, stop: function () { stopped = true; } };
  }

  function sendAt() { return Date.now() / 1000; }

  // The shopper's widget.
  var widget = { identity: null, sessionId: null, follower: null };

  async function openWidget() {
    $('widget-open').hidden = true;
    $('widget').hidden = false;
    var stored = localStorage.getItem(VISITOR_KEY);
    var opened = await call('/message/customer/init_message_session',
      stored ? { bcid: bcid, customerIdentifier: stored } : { bcid: bcid });
    if (opened.customerIdentifier) localStorage.setItem(VISITOR_KEY, opened.customerIdentifier);

    widget.identity = { customerIdentifier: opened.customerIdentifier || stored };
    widget.sessionId = opened.sessionId;
    widget.follower = follower(widget.identity, opened.sessionId, function (log) {
      draw($('widget-log'), log, 'customer');
    });
    widget.follower.add(opened.messages, true);
    widget.follower.start();
    $('widget-status').textContent = 'online';
    $('widget-input').focus();

    window.dispatchEvent(new CustomEvent('demo:session', {
      detail: { sessionId: opened.sessionId, identity: widget.identity },
    }));
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
      widget.follower.add([await call('/message/customer/send_message', body)], false);
    } catch (error) {
      $('widget-status').textContent = error.message;
    }
  });

  // The agent's console.
  var agent = { token: null, selected: null, follower: null, sessions: new Map() };

  async function signIn() {
    var granted = await call('/demo/tokens', { bcid: bcid });
    agent.token = granted.accessToken;
    $('console-agent').textContent =
      granted.clientUserId + ' · client ' + granted.clientId.slice(0, 8);
  }

  var ready = signIn().catch(function (error) { $('console-agent').textContent = error.message; });

  function select(sessionId) {
    var session = agent.sessions.get(sessionId);
    if (!session || !agent.token) return;
    if (agent.follower) agent.follower.stop();
    agent.selected = sessionId;
    document.querySelectorAll('#console-sessions li').forEach(function (item) {
      item.classList.toggle('active', item.dataset.sessionId === sessionId);
    });
    $('console-title').textContent = 'Visitor ' + session.identity.customerIdentifier.slice(0, 8) +
      ' · session ' + sessionId;
    $('console-log').replaceChildren();
    agent.follower = follower(session.identity, sessionId, function (log) {
      draw($('console-log'), log, 'handler');
    });
    agent.follower.start();
    $('console-input').disabled = false;
    document.querySelector('#console-form button').disabled = false;
  }

  window.addEventListener('demo:session', async function (event) {
    var session = event.detail;
    if (agent.sessions.has(session.sessionId)) return;
    agent.sessions.set(session.sessionId, session);
    var list = $('console-sessions');
    var empty = list.querySelector('.empty');
    if (empty) empty.remove();
    var item = document.createElement('li');
    item.dataset.sessionId = session.sessionId;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Visitor ' + session.identity.customerIdentifier.slice(0, 8);
    button.addEventListener('click', function () { select(session.sessionId); });
    item.append(button);
    list.append(item);
    await ready;
    if (!agent.selected) select(session.sessionId);
  });

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
      agent.follower.add([await call('/message/client/send_message', body, agent.token)], false);
    } catch (error) {
      $('console-agent').textContent = error.message;
    }
  });

})();
`;
