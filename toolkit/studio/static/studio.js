// applykit studio: the page's only script (served locally; the page allows no inline script).
// The editor is a plain textarea over a "backdrop" that repeats its lines invisibly and carries
// the highlights and the messages of the lines with problems, next to a line-number gutter.
"use strict";

(() => {
  const token = document.querySelector('meta[name="studio-token"]').content;
  const $ = (id) => document.getElementById(id);
  const source = $("source");
  const gutter = $("gutter");
  const backdrop = $("backdrop");
  const posting = $("posting");
  const frame = $("preview");
  const sheet = $("sheet");
  const box = $("preview-box");
  const SVG = "http://www.w3.org/2000/svg";
  const PAGE_WIDTH = { letter: 816, a4: 794 }; // CSS pixels at 96 dpi
  const DELAY = 400;

  const state = {
    file: "",
    sha256: null,
    savedText: "",
    issues: [],
    seq: 0,
    controller: null,
    timer: null,
    lines: 0,
    view: "resume",
    previewUrl: null,
    reportUrl: null,
    match: null,
    ok: false,
  };

  // ---- talking to the server: every call carries the session token ----
  async function api(path, body, signal) {
    const init = {
      method: body === undefined ? "GET" : "POST",
      headers: { "X-Studio-Token": token },
      credentials: "same-origin",
      cache: "no-store",
      signal,
    };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init);
  }

  async function errorText(response) {
    try {
      const data = await response.json();
      return data.error || response.statusText;
    } catch (e) {
      return response.statusText || String(response.status);
    }
  }

  function pickers() {
    return {
      theme: $("theme").value,
      page_size: $("page-size").value,
      locale: $("locale").value,
    };
  }

  function request() {
    return { text: source.value, posting: posting.value, ...pickers() };
  }

  // ---- toast ----
  let toastTimer = null;
  function toast(text, bad) {
    const t = $("toast");
    t.textContent = text;
    t.classList.toggle("bad", !!bad);
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, bad ? 7000 : 3500);
  }

  // ---- editor: gutter and backdrop ----
  function issuesByLine() {
    const map = new Map();
    for (const issue of state.issues) {
      if (!issue.line) continue;
      if (!map.has(issue.line)) map.set(issue.line, []);
      map.get(issue.line).push(issue);
    }
    return map;
  }

  function lineSeverity(list) {
    return list.some((i) => i.severity === "error") ? "error" : "warning";
  }

  function lensText(list) {
    return list.map((i) => (i.hint ? `${i.message} — ${i.hint}` : i.message)).join(" · ");
  }

  function renderEditor() {
    const lines = source.value.split("\n");
    const byLine = issuesByLine();
    const numbers = document.createDocumentFragment();
    const mirror = document.createDocumentFragment();
    lines.forEach((text, index) => {
      const n = index + 1;
      const num = document.createElement("div");
      num.textContent = String(n);
      num.dataset.line = String(n);
      const row = document.createElement("div");
      row.dataset.line = String(n);
      row.textContent = text || " ";
      const found = byLine.get(n);
      if (found) {
        const severity = lineSeverity(found);
        num.className = severity;
        num.title = lensText(found);
        row.className = severity;
        const lens = document.createElement("span");
        lens.className = "lens";
        lens.textContent = (severity === "error" ? "✖ " : "▲ ") + lensText(found);
        row.appendChild(lens);
      }
      numbers.appendChild(num);
      mirror.appendChild(row);
    });
    // room for the textarea's own bottom padding and scrollbar
    const pad = document.createElement("div");
    pad.textContent = " ";
    mirror.appendChild(pad);
    gutter.replaceChildren(numbers);
    backdrop.replaceChildren(mirror);
    state.lines = lines.length;
    syncScroll();
  }

  function syncScroll() {
    gutter.scrollTop = source.scrollTop;
    backdrop.scrollTop = source.scrollTop;
    backdrop.scrollLeft = source.scrollLeft;
  }

  function goToLine(line, column) {
    const lines = source.value.split("\n");
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (column || 1) - 1);
    source.focus();
    source.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(source).lineHeight) || 19;
    source.scrollTop = Math.max(0, (line - 4) * lineHeight);
    syncScroll();
  }

  function renderProblems() {
    const list = $("problem-list");
    const items = document.createDocumentFragment();
    for (const issue of state.issues) {
      const li = document.createElement("li");
      li.className = issue.severity;
      const where = document.createElement("span");
      where.className = "where";
      where.textContent = issue.line ? `${issue.line}:${issue.column || 1}` : "—";
      const fieldName = document.createElement("span");
      fieldName.className = "field";
      fieldName.textContent = issue.field || "";
      const message = document.createElement("span");
      message.className = "message";
      message.textContent = (issue.severity === "warning" ? "warning: " : "") + issue.message;
      li.append(where, fieldName, message);
      if (issue.value) {
        const got = document.createElement("span");
        got.className = "got";
        got.textContent = `got ${issue.value}`;
        li.append(got);
      }
      if (issue.hint) {
        const hint = document.createElement("span");
        hint.className = "hint";
        hint.textContent = issue.hint;
        li.append(hint);
      }
      if (issue.line) li.addEventListener("click", () => goToLine(issue.line, issue.column));
      items.appendChild(li);
    }
    list.replaceChildren(items);
    const errors = state.issues.filter((i) => i.severity === "error").length;
    const warnings = state.issues.length - errors;
    const parts = [];
    if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
    if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
    $("problem-count").textContent = parts.join(", ");
    $("problems").hidden = state.issues.length === 0;
  }

  function setStatus(text, kind) {
    const s = $("status");
    s.textContent = text;
    s.className = "status" + (kind ? " " + kind : "");
  }

  function updateFileState() {
    const dirty = source.value !== state.savedText;
    const s = $("file-state");
    s.textContent = dirty ? "● unsaved changes" : state.sha256 ? "saved" : "new file, not saved yet";
    s.classList.toggle("dirty", dirty);
    document.title = `${dirty ? "● " : ""}${state.file} — applykit studio`;
  }

  // ---- the preview: the resume (or the match report) as a page scaled to the pane ----
  function pageWidth() {
    const size = $("page-size").value;
    return PAGE_WIDTH[size] || PAGE_WIDTH.letter;
  }

  function fitSheet() {
    const width = pageWidth();
    const doc = frame.contentDocument;
    let height = 1056;
    if (doc && doc.documentElement) {
      height = Math.max(doc.documentElement.scrollHeight, doc.body ? doc.body.scrollHeight : 0, 400);
    }
    const available = box.clientWidth - 28;
    const scale = Math.min(1, available / width);
    frame.style.width = `${width}px`;
    frame.style.height = `${height}px`;
    sheet.style.width = `${width}px`;
    sheet.style.height = `${height}px`;
    sheet.style.transform = `scale(${scale})`;
    // the transformed box keeps its layout size: shrink the space it takes to what it shows
    sheet.style.marginBottom = `${-(1 - scale) * height}px`;
    sheet.style.marginLeft = `${Math.max(0, (available - width * scale) / 2)}px`;
  }

  function showView() {
    const url = state.view === "report" ? state.reportUrl : state.previewUrl;
    document.querySelectorAll(".tab").forEach((tab) => {
      const active = tab.dataset.view === state.view;
      tab.classList.toggle("active", active);
      tab.setAttribute("aria-selected", String(active));
    });
    if (url && frame.getAttribute("src") !== url) frame.setAttribute("src", url);
  }

  frame.addEventListener("load", fitSheet);
  window.addEventListener("resize", fitSheet);

  // ---- the job posting panel: evidence table and coverage chart from the match data ----
  function svg(tag, attrs) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    return el;
  }

  function renderRing(score) {
    const ring = $("ring");
    const r = 30;
    const circ = 2 * Math.PI * r;
    const color = score >= 75 ? "#1b7a3c" : score >= 50 ? "#c98a00" : "#b42318";
    const arc = svg("circle", {
      cx: 38, cy: 38, r, fill: "none", stroke: color, "stroke-width": 9,
      "stroke-dasharray": `${((circ * score) / 100).toFixed(2)} ${circ.toFixed(2)}`,
      transform: "rotate(-90 38 38)",
    });
    const label = svg("text", {
      x: 38, y: 43, "text-anchor": "middle", "font-size": 18, "font-weight": 700, fill: "#1f2933",
    });
    label.textContent = String(score);
    ring.replaceChildren(
      svg("circle", { cx: 38, cy: 38, r, fill: "none", stroke: "#e4e7eb", "stroke-width": 9 }),
      arc,
      label,
    );
    ring.setAttribute("aria-label", `Match ${score} out of 100`);
  }

  function renderCoverage(counts, total) {
    const chart = $("coverage");
    const w = 220;
    const met = (w * counts.met) / (total || 1);
    const partial = (w * counts.partial) / (total || 1);
    chart.replaceChildren(
      svg("rect", { x: 0, y: 0, width: w, height: 12, rx: 3, fill: "#c62828" }),
      svg("rect", { x: 0, y: 0, width: (met + partial).toFixed(1), height: 12, rx: 3, fill: "#e0a100" }),
      svg("rect", { x: 0, y: 0, width: met.toFixed(1), height: 12, rx: 3, fill: "#2e7d32" }),
    );
    chart.setAttribute(
      "aria-label",
      `Coverage: ${counts.met} met, ${counts.partial} partial, ${counts.missing} missing`,
    );
  }

  function groupOf(item) {
    const req = item.requirement;
    if (req.kind === "responsibility") return "Duties";
    return req.importance === "required" ? "Required" : "Preferred";
  }

  function renderMatch(match) {
    const panel = $("match");
    state.match = match;
    if (!match) {
      panel.hidden = true;
      $("job-note").textContent = "";
      return;
    }
    panel.hidden = false;
    const job = match.job || {};
    $("match-title").textContent =
      [job.title, job.employer].filter(Boolean).join(" at ") || "The posting";
    const c = match.counts;
    $("match-counts").textContent =
      `${c.met} met, ${c.partial} partial, ${c.missing} missing of ${match.items.length}`;
    $("job-note").textContent = `${match.score}/100`;
    $("job-note").title = `read with the ${match.pack} role pack`;
    renderRing(match.score);
    renderCoverage(c, match.items.length);
    const body = document.createDocumentFragment();
    for (const group of ["Required", "Preferred", "Duties"]) {
      const items = match.items.filter((i) => groupOf(i) === group);
      if (!items.length) continue;
      const head = document.createElement("tr");
      head.className = "group";
      const cell = document.createElement("td");
      cell.colSpan = 2;
      cell.textContent = group;
      head.appendChild(cell);
      body.appendChild(head);
      for (const item of items) {
        const tr = document.createElement("tr");
        tr.className = `row-${item.status}`;
        const ask = document.createElement("td");
        const text = document.createElement("span");
        text.className = "ask";
        text.textContent = item.requirement.text;
        const proof = document.createElement("span");
        proof.className = "proof";
        if (item.evidence) {
          const where = document.createElement("b");
          where.textContent = `${item.evidence.where}: `;
          proof.append(where, item.evidence.text);
        } else {
          proof.textContent =
            item.status === "missing" ? "not in your profile — add it only if true" : item.reason;
        }
        ask.append(text, proof);
        const status = document.createElement("td");
        const pill = document.createElement("span");
        pill.className = `pill ${item.status}`;
        pill.textContent = item.status;
        status.appendChild(pill);
        tr.append(ask, status);
        body.appendChild(tr);
      }
    }
    $("evidence").tBodies[0].replaceChildren(body);
  }

  function renderPostingProblems(issues) {
    const list = $("posting-problems");
    list.replaceChildren(
      ...issues.map((i) => {
        const li = document.createElement("li");
        li.textContent = i.hint ? `${i.message} — ${i.hint}` : i.message;
        return li;
      }),
    );
    list.hidden = issues.length === 0;
  }

  // ---- checking and previewing, ~400 ms after typing stops ----
  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(refresh, DELAY);
  }

  async function refresh() {
    clearTimeout(state.timer);
    const seq = ++state.seq;
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    setStatus("checking…");
    document.querySelector(".preview-pane").classList.add("stale");
    let data;
    try {
      const response = await api("/api/preview", request(), state.controller.signal);
      if (!response.ok) throw new Error(await errorText(response));
      data = await response.json();
    } catch (e) {
      if (e.name === "AbortError") return;
      if (seq === state.seq) {
        setStatus("could not check", "bad");
        toast(e.message, true);
      }
      return;
    }
    if (seq !== state.seq) return;
    state.issues = data.issues;
    state.ok = data.ok;
    renderEditor();
    renderProblems();
    const errors = data.issues.filter((i) => i.severity === "error").length;
    if (data.ok) {
      setStatus(`valid — ${data.name}`, "ok");
    } else {
      setStatus(`${errors} error${errors === 1 ? "" : "s"}: preview paused`, "bad");
    }
    renderPostingProblems(data.posting_issues || []);
    if (data.ok) {
      state.previewUrl = data.preview;
      state.reportUrl = data.report;
      renderMatch(data.match);
      const reportTab = document.querySelector('.tab[data-view="report"]');
      reportTab.disabled = !data.report;
      if (!data.report && state.view === "report") state.view = "resume";
      const made = data.rendered || {};
      const timing = made.kept ? "unchanged" : `rendered in ${made.ms} ms`;
      $("preview-note").textContent = [data.match ? "tailored to the posting" : "", timing]
        .filter(Boolean)
        .join(" · ");
      document.querySelector(".preview-pane").classList.remove("stale");
      showView();
    }
    document.querySelector('[data-download="packet"]').disabled = !(data.ok && data.match);
    for (const b of document.querySelectorAll("[data-download]")) {
      if (b.dataset.download !== "packet") b.disabled = !data.ok;
    }
  }

  // ---- saving and downloading: only when asked ----
  async function save() {
    const button = $("save");
    button.classList.add("busy");
    try {
      const text = source.value;
      const response = await api("/api/save", { text, sha256: state.sha256 });
      if (!response.ok) throw new Error(await errorText(response));
      const data = await response.json();
      state.sha256 = data.sha256;
      state.savedText = text;
      updateFileState();
      const backup = data.backup ? ` (the previous version is in ${data.backup})` : "";
      const invalid = data.valid ? "" : " — it still has errors";
      toast(`Saved ${data.saved}${backup}${invalid}`, !data.valid);
    } catch (e) {
      toast(`Not saved: ${e.message}`, true);
    } finally {
      button.classList.remove("busy");
    }
  }

  function fileName(response, fallback) {
    const header = response.headers.get("Content-Disposition") || "";
    const utf8 = /filename\*=UTF-8''([^;]+)/.exec(header);
    if (utf8) return decodeURIComponent(utf8[1]);
    const m = /filename="([^"]+)"/.exec(header);
    return m ? m[1] : fallback;
  }

  async function download(button) {
    const format = button.dataset.download;
    button.classList.add("busy");
    button.disabled = true;
    try {
      const response = await api("/api/download", { format, ...request() });
      if (!response.ok) throw new Error(await errorText(response));
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = fileName(response, `resume.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      const folderHeader = response.headers.get("X-Studio-Folder");
      const folder = folderHeader ? decodeURIComponent(folderHeader) : null;
      toast(folder ? `Packet written to ${folder}` : `Downloaded ${a.download}`);
    } catch (e) {
      toast(`Download failed: ${e.message}`, true);
    } finally {
      button.classList.remove("busy");
      button.disabled = false;
    }
  }

  // ---- events ----
  source.addEventListener("input", () => {
    renderEditor();
    updateFileState();
    schedule();
  });
  source.addEventListener("scroll", syncScroll);
  source.addEventListener("keydown", (event) => {
    if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      source.setRangeText("  ", source.selectionStart, source.selectionEnd, "end");
      source.dispatchEvent(new Event("input"));
    }
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      save();
    }
  });
  posting.addEventListener("input", schedule);
  for (const id of ["theme", "page-size", "locale"]) $(id).addEventListener("change", refresh);
  $("save").addEventListener("click", save);
  for (const b of document.querySelectorAll("[data-download]")) {
    b.addEventListener("click", () => download(b));
  }
  for (const tab of document.querySelectorAll(".tab")) {
    tab.addEventListener("click", () => {
      state.view = tab.dataset.view;
      showView();
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (source.value !== state.savedText) event.preventDefault();
  });

  function fill(select, values) {
    for (const value of values) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    }
  }

  async function start() {
    const response = await api("/api/state");
    if (!response.ok) {
      setStatus("could not load the profile", "bad");
      toast(await errorText(response), true);
      return;
    }
    const data = await response.json();
    state.file = data.file;
    state.sha256 = data.sha256;
    state.savedText = data.exists ? data.text : "";
    fill($("theme"), data.themes);
    fill($("page-size"), data.page_sizes);
    fill($("locale"), data.locales);
    source.value = data.text;
    renderEditor();
    updateFileState();
    document.body.dataset.ready = "true";
    refresh();
  }

  start();
})();
