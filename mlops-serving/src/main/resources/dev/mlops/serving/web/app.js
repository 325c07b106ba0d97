// The page of mlops-serving: plain JavaScript, no library, no network beyond this server.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { model: null, labels: [], last: null };

  function status(text, error) {
    $("status").textContent = text;
    $("status").classList.toggle("error", !!error);
  }

  async function getJson(path) {
    const response = await fetch(path, { cache: "no-store" });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || response.status + " " + path);
    return body;
  }

  async function loadModel() {
    try {
      const model = (await getJson("/models")).models[0];
      state.model = model.name;
      state.labels = model.labels;
      $("model-info").textContent = "Model " + model.name + " " + model.version +
        (model.alias ? " (" + model.alias + ")" : "") + ", " + model.runtime;
      const select = $("correct-label");
      select.replaceChildren(...model.labels.map((l) => new Option(l, l)));
    } catch (e) {
      $("model-info").textContent = "No model: " + e.message;
    }
  }

  async function predict(file) {
    if (!file || !state.model) return;
    $("preview").src = URL.createObjectURL(file);
    $("preview").hidden = false;
    status("Classifying…");
    try {
      const response = await fetch("/predictions/" + encodeURIComponent(state.model), {
        method: "POST",
        headers: { "Content-Type": file.type || "application/octet-stream" },
        body: file,
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.message);
      show(answer);
      status("");
    } catch (e) {
      $("result").hidden = true;
      status("Could not classify: " + e.message, true);
    }
  }

  function show(answer) {
    state.last = answer;
    $("prediction").textContent = answer.label;
    $("confidence").textContent = "(" + (answer.confidence * 100).toFixed(1) + " %, " +
      answer.model + " " + answer.version + ")";
    const top = Object.entries(answer.probabilities).slice(0, 5);
    $("bars").replaceChildren(...top.map(([label, p]) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = label;
      const bar = document.createElement("div");
      bar.className = "bar";
      bar.setAttribute("aria-hidden", "true");
      const fill = document.createElement("span");
      fill.style.width = (p * 100).toFixed(1) + "%";
      bar.append(fill);
      const percent = document.createElement("span");
      percent.textContent = (p * 100).toFixed(1) + " %";
      li.append(name, bar, percent);
      return li;
    }));
    $("correct-label").value = answer.label;
    $("result").hidden = false;
    loadSimilar(answer.imageSha256);
  }

  // The nearest training images by the model's embedding; the strip stays hidden when the server
  // has none to show (404/409: embeddings not materialized, or no dataset version).
  async function loadSimilar(sha) {
    $("similar").hidden = true;
    $("similar-list").replaceChildren();
    if (!sha) return;
    let answer;
    try {
      const response = await fetch("/similar/" + sha + "?k=5", { cache: "no-store" });
      if (!response.ok) return;
      answer = await response.json();
    } catch (e) {
      return;
    }
    if (!state.last || state.last.imageSha256 !== sha || answer.matches.length === 0) return;
    $("similar-list").replaceChildren(...answer.matches.map((m) => {
      const li = document.createElement("li");
      const img = document.createElement("img");
      img.src = "/similar/images/" + m.sha256;
      img.alt = "Training image " + m.path + " (" + m.label + ")";
      img.loading = "lazy";
      const text = document.createElement("p");
      text.textContent = m.label + " · " + m.similarity.toFixed(3);
      li.append(img, text);
      return li;
    }));
    $("similar").hidden = false;
  }

  async function send(label, propose) {
    const last = state.last;
    if (!last) return;
    const body = { requestId: last.requestId, imageSha256: last.imageSha256, label: label };
    if (propose) body.propose = true;
    try {
      const response = await fetch("/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(answer.message);
      const kind = answer.proposed ? "proposal" : answer.label === answer.predicted ? "confirmation" : "correction";
      status("Thank you: " + kind + " #" + answer.id + " (" + answer.label + ") stored.");
      await loadStats();
    } catch (e) {
      status("Not sent: " + e.message, true);
    }
  }

  function table(id, head, rows) {
    const el = $(id);
    const caption = el.querySelector("caption");
    const tr = (cells, tag) => {
      const row = document.createElement("tr");
      cells.forEach((c) => { const cell = document.createElement(tag); cell.textContent = c; row.append(cell); });
      return row;
    };
    el.replaceChildren(caption, tr(head, "th"), ...rows.map((r) => tr(r, "td")));
  }

  function counts(map) {
    return Object.entries(map).map(([k, c]) => [k, c.confirmations, c.corrections, c.proposed]);
  }

  async function loadStats() {
    let stats;
    try {
      stats = await getJson("/feedback/stats");
    } catch (e) {
      $("feedback-summary").textContent = "Feedback: " + e.message;
      return;
    }
    $("feedback-count").textContent = String(stats.total);
    $("feedback-summary").textContent = stats.total + " feedback: " + stats.confirmations +
      " confirmations, " + stats.corrections + " corrections, " + stats.proposed + " proposed classes.";
    const head = ["", "confirmations", "corrections", "proposed"];
    table("per-class", ["class"].concat(head.slice(1)), counts(stats.perClass));
    table("per-version", ["version"].concat(head.slice(1)), counts(stats.perVersion));
    table("confusion", ["predicted", "corrected to", "count"],
      stats.confusion.map((c) => [c.predicted, c.label, c.count]));
    $("recent").replaceChildren(...stats.recentCorrections.map((r) => {
      const li = document.createElement("li");
      const img = document.createElement("img");
      img.src = "/feedback/images/" + r.imageSha256;
      img.alt = "Predicted " + r.predicted + ", corrected to " + r.label;
      img.loading = "lazy";
      const text = document.createElement("p");
      text.textContent = "#" + r.id + " " + r.predicted + " → " + r.label + (r.proposed ? " (proposed)" : "") +
        " · " + r.version + " · " + r.time.replace("T", " ").slice(0, 19);
      li.append(img, text);
      return li;
    }));
  }

  function selectTab(name) {
    ["predict", "feedback"].forEach((t) => {
      $("tab-" + t).setAttribute("aria-selected", String(t === name));
      $("panel-" + t).hidden = t !== name;
    });
    if (name === "feedback") loadStats();
  }

  function wire() {
    $("file").addEventListener("change", (e) => predict(e.target.files[0]));
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      predict(e.dataTransfer.files[0]);
    });
    document.addEventListener("paste", (e) => {
      const item = Array.from(e.clipboardData.items).find((i) => i.type.startsWith("image/"));
      if (item) predict(item.getAsFile());
    });
    $("confirm").addEventListener("click", () => state.last && send(state.last.label, false));
    $("feedback-form").addEventListener("submit", (e) => { e.preventDefault(); send($("correct-label").value, false); });
    $("propose-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const label = $("proposed-label").value.trim();
      if (label) send(label, true); else status("Type the class to propose.", true);
    });
    $("tab-predict").addEventListener("click", () => selectTab("predict"));
    $("tab-feedback").addEventListener("click", () => selectTab("feedback"));
  }

  wire();
  loadModel();
  loadStats();
})();
