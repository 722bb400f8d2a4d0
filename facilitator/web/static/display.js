// The room display's pages: draw the state the server pushes, run the clocks in between.
"use strict";
(function () {
  const kind = document.body.dataset.kind;
  const token = document.body.dataset.token;
  const $ = (id) => document.getElementById(id);
  let state = JSON.parse($("initial").textContent);
  let received = performance.now();
  let shownLine = null;

  function clock(seconds) {
    const sign = seconds < 0 ? "-" : "";
    let whole = Math.floor(Math.abs(seconds));
    const hours = Math.floor(whole / 3600);
    whole -= hours * 3600;
    const minutes = Math.floor(whole / 60);
    const secs = String(whole % 60).padStart(2, "0");
    if (hours) return `${sign}${hours}:${String(minutes).padStart(2, "0")}:${secs}`;
    return `${sign}${minutes}:${secs}`;
  }
  const since = () => (performance.now() - received) / 1000;
  const running = (s, ticking) => s + (ticking ? since() : 0);
  function text(id, value) {
    const el = $(id);
    if (el && el.textContent !== (value || "")) el.textContent = value || "";
  }

  // -- the line fills the screen: the largest type that fits, never below a legible minimum
  function fit() {
    const box = $("line-box");
    const line = $("line");
    if (!box || !line) return;
    const min = Math.max(24, window.innerHeight * 0.045);
    const max = window.innerHeight * 0.16;
    box.classList.remove("scroll");
    const fits = (size) => {
      line.style.fontSize = size + "px";
      return box.scrollHeight <= box.clientHeight + 1 && box.scrollWidth <= box.clientWidth + 1;
    };
    if (!fits(max)) {
      let lo = min;
      let hi = max;
      for (let i = 0; i < 14; i += 1) {
        const mid = (lo + hi) / 2;
        if (fits(mid)) lo = mid; else hi = mid;
      }
      if (!fits(lo)) box.classList.add("scroll");
    }
  }

  function drawClocks() {
    const c = state.clock;
    if (c) {
      text("elapsed", clock(running(c.elapsed_s, c.ticking)));
      text("forecast", c.forecast_end);
    }
    const now = new Date();
    text("wall", now.toTimeString().slice(0, 8));
    if (state.pause) text("pause-clock", clock(running(state.pause.elapsed_s, true)));
    if (kind === "chair" && state.cue) {
      const spent = running(state.cue.elapsed_s, state.cue.ticking);
      const side = $("banner-side");
      text("cue-clock", clock(spent));
      side.classList.toggle("over", state.cue.planned_s != null && spent > state.cue.planned_s);
    }
    if (kind === "room") {
      document.querySelectorAll("#rows li").forEach((li, i) => {
        const row = state.rows[i];
        if (!row || !row.ticking) return;
        const spent = running(row.spent_s, true);
        const el = li.querySelector(".times");
        el.textContent = `${clock(spent)} / ${clock(row.planned_s)}`;
        el.classList.toggle("over", row.planned_s > 0 && spent > row.planned_s);
      });
    }
  }

  function drawCommon() {
    const w = state.words || {};
    text("elapsed-label", w.elapsed);
    text("forecast-label", w.forecast_end);
    const pause = $("pause");
    pause.hidden = !state.pause;
    if (state.pause) text("pause-title", state.pause.title);
    $("problem").hidden = !state.error;
    text("problem", state.error);
    if (state.title) document.title = document.title || state.title;
  }

  function drawChair() {
    text("part", state.part);
    text("position", state.position);
    const line = $("line");
    line.className = state.line_style || "";
    $("line-box").classList.toggle("centered", state.line_style !== "line");
    text("line", state.line);
    const next = state.next;
    $("next").hidden = !next;
    if (next) {
      text("next-label", next.label);
      text("next-text", next.text);
      text("next-note", next.note);
    }
    const delta = $("delta");
    if (state.clock) {
      delta.textContent = state.clock.delta;
      delta.className = "clock " + state.clock.delta_kind;
    }
    const banner = $("banner");
    const main = $("banner-main");
    const side = $("banner-side");
    banner.className = "";
    main.replaceChildren();
    side.replaceChildren();
    side.className = "";
    banner.hidden = !(state.cue || state.vote || state.roll_call);
    if (state.cue) {
      main.append(span("cue-label", state.cue.label + (state.cue.who ? " " + state.cue.who : "")));
      side.append(span("cue-clock", "", "num"));
      side.append(span("cue-planned", state.cue.planned || state.words.cue_no_plan, "planned"));
    } else if (state.vote) {
      const v = state.vote;
      main.append(span("vote-motion", [v.method, v.rule].filter(Boolean).join(" · ")));
      banner.className = "vote";
      if (v.recorded) {
        banner.classList.add(v.passed === false ? "failed" : "passed");
        side.append(span("vote-result", v.recorded, v.passed ? "result-passed" : "result-failed"));
      } else {
        side.append(span("vote-result", v.pending));
      }
    } else if (state.roll_call) {
      const r = state.roll_call;
      main.append(span("roll-call", r.recorded || r.pending));
      if (r.quorum) side.append(span("quorum", r.quorum));
    }
    const shown = `${state.part}|${state.position}|${state.line}`;
    if (shown !== shownLine) {
      shownLine = shown;
      $("line-box").scrollTop = 0;
    }
    fit();
  }

  function span(id, value, cls) {
    const el = document.createElement("span");
    if (id) el.id = id;
    el.textContent = value || "";
    if (cls) el.className = cls;
    return el;
  }

  function drawRoom() {
    const w = state.words || {};
    text("title", state.title);
    text("now-label", w.now);
    text("current", state.current);
    text("agenda-label", w.agenda);
    text("results-label", w.votes);
    const rows = (state.rows || []).map((row) => {
      const li = document.createElement("li");
      li.className = row.status;
      li.append(span(null, row.label, "label"));
      const spent = row.spent_s == null ? "--" : clock(row.spent_s);
      const times = span(null, `${spent} / ${clock(row.planned_s)}`, "times");
      if (row.spent_s != null && row.planned_s > 0 && row.spent_s > row.planned_s) {
        times.classList.add("over");
      }
      li.append(times);
      return li;
    });
    $("rows").replaceChildren(...rows);
    const results = (state.results || []).map((r) => {
      const li = document.createElement("li");
      const motion = document.createElement("span");
      motion.className = "motion";
      motion.textContent = r.motion;
      const outcome = document.createElement("span");
      outcome.className = r.passed ? "passed" : "failed";
      outcome.textContent = r.recorded;
      li.append(motion, outcome);
      return li;
    });
    if (!results.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = w.no_votes || "";
      results.push(li);
    }
    $("result-list").replaceChildren(...results);
  }

  function draw() {
    document.body.dataset.seq = String(state.seq);
    if (state.phase === "unread") {
      $("problem").hidden = !state.error;
      text("problem", state.error);
      return;
    }
    drawCommon();
    if (kind === "chair") drawChair(); else drawRoom();
    drawClocks();
  }

  // -- the stream: EventSource reconnects by itself; if it gives up, start a new one
  let source = null;
  function connect() {
    const url = `/events/${kind}` + (token ? `?token=${encodeURIComponent(token)}` : "");
    source = new EventSource(url);
    source.addEventListener("state", (event) => {
      state = JSON.parse(event.data);
      received = performance.now();
      $("offline").hidden = true;
      document.body.dataset.connected = "1";
      draw();
    });
    source.onopen = () => { $("offline").hidden = true; };
    source.onerror = () => {
      $("offline").hidden = false;
      document.body.dataset.connected = "0";
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 3000);
      }
    };
  }

  draw();
  connect();
  setInterval(drawClocks, 250);
  window.addEventListener("resize", () => { if (kind === "chair") fit(); });
})();
