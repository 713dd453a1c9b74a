// The web page of ImageFunctions: choose images, pick a filter chain, upload, watch each image, compare, download.
// Plain JavaScript, no build step. Every URL is relative to the page, which the app serves at its root.
"use strict";

const FirstPollMs = 500;
const MaxPollMs = 5000;
const JobLink = /^#job=([0-9a-f]{32})$/;

// What the status document calls each image's state, as people read it.
const ImageStates = {
  PENDING: { name: "pending", label: "Waiting" },
  STARTED: { name: "running", label: "Processing" },
  SUCCESS: { name: "done", label: "Done" },
  FAILURE: { name: "failed", label: "Failed" },
};

const state = {
  limits: null,
  filters: [],
  chosen: [], // { file, key, preview, problem, pixelProblem }: the images picked, in order.
  job: null, // { id, previews }: the job shown, with the local previews of its images in upload order.
  watch: 0, // the poller's generation: a newer job stops the older poller.
  nextKey: 0,
};

const $ = (id) => document.getElementById(id);

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

start();

async function start() {
  $("job-form").addEventListener("submit", submit);
  $("files").addEventListener("change", (event) => {
    choose(event.target.files);
    event.target.value = ""; // the same files can be chosen again
  });
  bindDropZone($("drop-zone"));
  $("add-step").addEventListener("click", () => addStep().querySelector("select").focus());
  $("format").addEventListener("change", updateQuality);
  $("viewer-close").addEventListener("click", () => $("viewer").close());
  $("viewer").addEventListener("close", () => $("viewer-image").removeAttribute("src"));
  window.addEventListener("hashchange", openLinkedJob);

  try {
    [state.limits, state.filters] = await Promise.all([getJson("limits"), getJson("filters")]);
  } catch (error) {
    showFormMessage(`The service did not answer (${error.message}). Reload the page to try again.`);
    $("upload").disabled = true;
    return;
  }

  describeLimits();
  fillOutputOptions();
  addStep();
  openLinkedJob();
}

// ---- API ----

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body?.detail ?? `${response.status} ${response.statusText}`);
  }

  return body;
}

// fetch() reports no upload progress; XMLHttpRequest does.
function postForm(url, form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.responseType = "json";
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) {
        onProgress(event.loaded / event.total);
      }
    });
    request.addEventListener("load", () => resolve({ status: request.status, body: request.response }));
    request.addEventListener("error", () => reject(new Error("The upload failed: the service could not be reached.")));
    request.send(form);
  });
}

// ---- Limits and choices ----

function describeLimits() {
  const limits = state.limits;
  const names = limits.input_formats.map((f) => f.name.toUpperCase()).join(", ");
  $("files-hint").textContent =
    `Up to ${limits.max_files} images per job, each at most ${formatBytes(limits.max_file_bytes)} ` +
    `and ${formatMegapixels(limits.max_pixels)}; together at most ${formatBytes(limits.max_job_bytes)} ` +
    `and ${formatMegapixels(limits.max_job_pixels)}. Formats: ${names}.`;
  $("files").accept = limits.input_formats.flatMap((f) => [f.media_type, f.extension]).join(",");
}

function fillOutputOptions() {
  const limits = state.limits;
  const format = $("format");
  for (const name of limits.output_formats) {
    format.add(new Option(name === "original" ? "Same as the original" : name.toUpperCase(), name));
  }

  const quality = $("quality");
  quality.min = limits.min_quality;
  quality.max = limits.max_quality;
  quality.value = limits.default_quality;
  $("quality-hint").textContent = `Used for JPEG and WebP: ${limits.min_quality} to ${limits.max_quality}.`;
  updateQuality();
}

function updateQuality() {
  // PNG is lossless: quality would change nothing.
  $("quality").disabled = $("format").value === "png";
}

// ---- Chosen images ----

// Files dropped anywhere on the page are chosen (a near miss must not make the browser leave the page to show the file).
function bindDropZone(zone) {
  document.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  document.addEventListener("dragleave", (event) => {
    if (!event.relatedTarget) {
      zone.classList.remove("over");
    }
  });
  document.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    choose(event.dataTransfer.files);
  });
}

function choose(files) {
  if (!state.limits) {
    return;
  }

  for (const file of files) {
    const entry = { file, key: ++state.nextKey, preview: null, problem: checkFile(file), pixelProblem: null };
    if (!entry.problem) {
      entry.preview = URL.createObjectURL(file);
    }

    state.chosen.push(entry);
  }

  renderChosen();
}

// What the server would refuse, said before anything is sent. The server has the last word: it reads the format
// from the bytes, so a file the browser cannot name the type of is left to it.
function checkFile(file) {
  const limits = state.limits;
  const types = limits.input_formats.map((f) => f.media_type);
  if (file.type && !types.includes(file.type)) {
    const names = limits.input_formats.map((f) => f.name.toUpperCase()).join(", ");
    return `Not an image type we take (${file.type}); use ${names}.`;
  }

  if (file.size === 0) {
    return "The file is empty.";
  }

  if (file.size > limits.max_file_bytes) {
    return `Too large: ${formatBytes(file.size)}, the limit is ${formatBytes(limits.max_file_bytes)}.`;
  }

  return null;
}

function checkPixels(entry, image) {
  const pixels = image.naturalWidth * image.naturalHeight;
  entry.pixels = pixels;
  if (pixels > state.limits.max_pixels) {
    entry.pixelProblem =
      `Too many pixels: ${image.naturalWidth} × ${image.naturalHeight} is ${formatMegapixels(pixels)}, ` +
      `the limit is ${formatMegapixels(state.limits.max_pixels)}.`;
    renderChosen();
  } else if (state.chosen.reduce((sum, e) => sum + (e.pixels ?? 0), 0) > state.limits.max_job_pixels) {
    renderChosen();
  }
}

// The reason an entry will not be sent, counting the files before it against the limits on files, bytes and pixels
// per job (pixels as far as the browser could measure them).
function refusals() {
  const reasons = new Map();
  const limits = state.limits;
  let counted = 0;
  let bytes = 0;
  let pixels = 0;
  for (const entry of state.chosen) {
    let reason = entry.problem ?? entry.pixelProblem;
    if (!reason && counted + 1 > limits.max_files) {
      reason = `Over the limit of ${limits.max_files} images per job.`;
    } else if (!reason && bytes + entry.file.size > limits.max_job_bytes) {
      reason = `Over the limit of ${formatBytes(limits.max_job_bytes)} per job, with the images before it.`;
    } else if (!reason && pixels + (entry.pixels ?? 0) > limits.max_job_pixels) {
      reason = `Over the limit of ${formatMegapixels(limits.max_job_pixels)} per job, with the images before it.`;
    }

    if (!reason) {
      counted++;
      bytes += entry.file.size;
      pixels += entry.pixels ?? 0;
    }

    reasons.set(entry, reason);
  }

  return reasons;
}

function renderChosen() {
  const list = $("selection");
  const reasons = refusals();
  list.replaceChildren(...state.chosen.map((entry) => chosenItem(entry, reasons.get(entry))));
  const sendable = [...reasons.values()].filter((r) => !r).length;
  $("upload").textContent = sendable > 0 ? `Upload and process ${plural(sendable, "image")}` : "Upload and process";
}

function chosenItem(entry, reason) {
  const item = element("li", { className: reason ? "chosen refused" : "chosen" });
  item.append(entry.preview ? thumbnail(entry) : noPreview("No preview"));

  const text = element("div", { className: "chosen-text" });
  text.append(element("span", { className: "name", textContent: entry.file.name }));
  text.append(element("span", { className: "size", textContent: formatBytes(entry.file.size) }));
  if (reason) {
    text.append(element("span", { className: "reason", textContent: `Will not be sent. ${reason}` }));
  }

  const remove = element("button", { type: "button", className: "remove", textContent: "Remove" });
  remove.setAttribute("aria-label", `Remove ${entry.file.name}`);
  remove.addEventListener("click", () => {
    const index = state.chosen.indexOf(entry);
    state.chosen.splice(index, 1);
    release(entry.preview);
    renderChosen();
    // Keep the keyboard where it was: the next item's button, else the file picker.
    const buttons = $("selection").querySelectorAll("button.remove");
    (buttons[Math.min(index, buttons.length - 1)] ?? $("files")).focus();
  });
  item.append(text, remove);
  return item;
}

function thumbnail(entry) {
  const image = element("img", { className: "thumb", alt: "", src: entry.preview });
  if (entry.pixelProblem === null && !entry.measured) {
    entry.measured = true;
    image.addEventListener("load", () => checkPixels(entry, image), { once: true });
  }

  // A file the browser cannot decode (the server may still take it, or refuse it with its reason).
  image.addEventListener("error", () => image.replaceWith(noPreview("No preview")), { once: true });
  return image;
}

// ---- Filter chain ----

function addStep() {
  const steps = $("steps");
  const key = ++state.nextKey;
  const step = element("li", { className: "step" });
  const label = element("label", { htmlFor: `filter-${key}` });
  const select = element("select", { id: `filter-${key}` });
  const description = element("p", { className: "hint", id: `filter-${key}-hint` });
  select.setAttribute("aria-describedby", description.id);
  for (const filter of state.filters) {
    select.add(new Option(filter.name.replaceAll("_", " "), filter.name));
  }

  const parameters = element("div", { className: "parameters" });
  const remove = element("button", { type: "button", className: "remove", textContent: "Remove" });
  remove.addEventListener("click", () => {
    const next = step.nextElementSibling ?? step.previousElementSibling;
    step.remove();
    renumberSteps();
    next?.querySelector("select").focus();
  });
  select.addEventListener("change", () => {
    showParameters(step, key);
    updateChain();
  });

  step.append(label, select, description, parameters, remove);
  steps.append(step);
  showParameters(step, key);
  renumberSteps();
  return step;
}

function showParameters(step, key) {
  const filter = state.filters.find((f) => f.name === step.querySelector("select").value);
  step.querySelector(".hint").textContent = filter.description;
  const box = step.querySelector(".parameters");
  box.replaceChildren();
  for (const parameter of filter.parameters) {
    const id = `filter-${key}-${parameter.name}`;
    const input = element("input", {
      id,
      type: "number",
      min: parameter.minimum,
      max: parameter.maximum,
      step: "any",
      value: parameter.default,
      required: true,
    });
    input.dataset.parameter = parameter.name;
    input.setAttribute("aria-describedby", `${id}-hint`);
    input.addEventListener("input", updateChain);
    box.append(
      element("label", { htmlFor: id, textContent: sentenceCase(parameter.name.replaceAll("_", " ")) }),
      input,
      element("p", {
        className: "hint",
        id: `${id}-hint`,
        textContent: `${parameter.description} ${parameter.minimum} to ${parameter.maximum}.`,
      }),
    );
  }
}

function renumberSteps() {
  const steps = [...$("steps").children];
  steps.forEach((step, index) => {
    step.querySelector("label").textContent = `Filter ${index + 1}`;
    const remove = step.querySelector("button.remove");
    remove.hidden = steps.length === 1;
    remove.setAttribute("aria-label", `Remove filter ${index + 1}`);
  });
  $("add-step").hidden = steps.length >= (state.limits?.max_filter_steps ?? 10);
  updateChain();
}

function chainText() {
  return [...$("steps").children]
    .map((step) => [step.querySelector("select").value, ...[...step.querySelectorAll("input")].map((i) => i.value)].join(":"))
    .join(",");
}

function updateChain() {
  $("chain").textContent = chainText();
}

// ---- Upload ----

async function submit(event) {
  event.preventDefault();
  showFormMessage("");
  const reasons = refusals();
  const sending = state.chosen.filter((entry) => !reasons.get(entry));
  const invalid = [...$("job-form").querySelectorAll("input:not([type=file])")].find((i) => !i.disabled && !i.checkValidity());
  if (sending.length === 0) {
    showFormMessage(state.chosen.length ? "None of the chosen images can be sent." : "Choose at least one image.");
    $("files").focus();
    return;
  }

  if (invalid) {
    showFormMessage(`${labelOf(invalid)}: ${invalid.validationMessage}`);
    invalid.focus();
    return;
  }

  const form = new FormData();
  for (const entry of sending) {
    form.append("files", entry.file, entry.file.name);
  }

  form.append("filter", chainText());
  form.append("format", $("format").value);
  if (!$("quality").disabled) {
    form.append("quality", $("quality").value);
  }

  const progress = $("upload-progress");
  progress.value = 0;
  progress.hidden = false;
  $("upload").disabled = true;
  try {
    const answer = await postForm("process-job", form, (fraction) => (progress.value = Math.round(fraction * 100)));
    if (answer.status !== 202) {
      showFormMessage(`Not accepted: ${answer.body?.detail ?? `the service answered ${answer.status}`}`);
      return;
    }

    // Sent: the previews now belong to the job; the refused files are dropped.
    for (const entry of state.chosen.filter((e) => !sending.includes(e))) {
      release(entry.preview);
    }

    state.chosen = [];
    renderChosen();
    showJob(answer.body.job_id, sending.map((entry) => entry.preview));
    history.replaceState(null, "", `#job=${answer.body.job_id}`);
    $("job-heading").focus();
  } catch (error) {
    showFormMessage(error.message);
  } finally {
    progress.hidden = true;
    $("upload").disabled = false;
  }
}

function showFormMessage(text) {
  $("form-message").textContent = text;
}

// ---- Job ----

function openLinkedJob() {
  const match = JobLink.exec(location.hash);
  if (match && match[1] !== state.job?.id) {
    showJob(match[1], []); // opened from a link: the originals are not in this browser
  }
}

function showJob(id, previews) {
  for (const preview of state.job?.previews ?? []) {
    release(preview);
  }

  state.job = { id, previews };
  $("job").hidden = false;
  $("job-id").textContent = id;
  $("job-link").href = `#job=${id}`;
  $("job-summary").textContent = "Waiting for the first status…";
  $("job-progress").value = 0;
  $("zip").hidden = true;
  $("results").replaceChildren();
  watch(id);
}

// Polls the status: quickly while images change, backing off while nothing does, until every image is finished.
async function watch(id) {
  const generation = ++state.watch;
  let delay = FirstPollMs;
  let seen = "";
  while (generation === state.watch) {
    try {
      const status = await getJson(`status-job/${id}`);
      if (generation !== state.watch) {
        return;
      }

      showStatus(status);
      if (status.all_ready) {
        return;
      }

      const now = status.results.map((r) => r.status).join();
      delay = now === seen ? Math.min(delay * 2, MaxPollMs) : FirstPollMs;
      seen = now;
    } catch (error) {
      if (error.status === 404) {
        setSummary(`There is no job ${id}: it may have expired.`);
        return;
      }

      setSummary(`The status could not be read (${error.message}); trying again.`);
      delay = Math.min(delay * 2, MaxPollMs);
    }

    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

function showStatus(status) {
  const { total, succeeded, failed } = status.progress;
  $("job-progress").value = total ? (succeeded + failed) / total : 1;
  const outcome = `${succeeded} of ${plural(total, "image")} done${failed ? `, ${failed} failed` : ""}`;
  setSummary(status.all_ready ? `Finished: ${outcome}.` : `Processing: ${outcome}.`);

  const list = $("results");
  status.results.forEach((result, index) => {
    const card = list.children[index] ?? list.appendChild(resultCard(result, state.job.previews[index]));
    updateCard(card, result, status.filter);
  });

  const zip = $("zip");
  zip.hidden = !(status.all_ready && succeeded > 0);
  zip.href = status.download_url;
  zip.textContent = failed ? `Download the ${plural(succeeded, "finished image")} as ZIP` : "Download all as ZIP";
}

function setSummary(text) {
  // The summary is a live region: only a change is announced.
  if ($("job-summary").textContent !== text) {
    $("job-summary").textContent = text;
  }
}

function resultCard(result, preview) {
  const card = element("li", { className: "result" });
  const before = element("div", { className: "before" });
  const after = element("div", { className: "after" });
  if (preview) {
    const image = element("img", { src: preview, alt: `Before: ${result.file_name}` });
    const link = viewLink(preview, `Before: ${result.file_name}`, image);
    image.addEventListener("error", () => link.replaceWith(noPreview("No preview")), { once: true });
    before.append(link);
  } else {
    before.append(noPreview("Original not in this browser"));
  }

  const caption = element("p", { className: "caption" });
  caption.append(element("span", { className: "name", textContent: result.file_name }), element("span", { className: "state" }));
  card.append(side("Before", before), side("After", after), caption);
  return card;
}

// One half of a pair, under its visible heading ("Before", "After").
function side(heading, content) {
  const box = element("div", { className: "side" });
  box.append(element("span", { className: "side-heading", textContent: heading }), content);
  return box;
}

function updateCard(card, result, filter) {
  const shown = ImageStates[result.status] ?? ImageStates.PENDING;
  if (card.dataset.state === shown.name) {
    return;
  }

  card.dataset.state = shown.name;
  card.querySelector(".state").textContent = result.error ? `${shown.label}: ${result.error}` : shown.label;
  const after = card.querySelector(".after");
  if (result.successful && result.image_url) {
    const alt = `After ${filter}: ${result.file_name}`;
    after.replaceChildren(viewLink(result.image_url, alt, element("img", { src: result.image_url, alt })));
  } else {
    after.replaceChildren(noPreview(shown.label));
  }
}

// A link to the full-size image that opens it in the viewer (and still works as a link: new tab, save as).
function viewLink(url, title, content) {
  const link = element("a", { href: url, className: "view" });
  link.append(content);
  link.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }

    event.preventDefault();
    $("viewer-title").textContent = title;
    $("viewer-image").src = url;
    $("viewer-image").alt = title;
    $("viewer").showModal();
  });
  return link;
}

// ---- Helpers ----

function element(tag, properties = {}) {
  return Object.assign(document.createElement(tag), properties);
}

function noPreview(text) {
  return element("span", { className: "no-preview", textContent: text });
}

function release(url) {
  if (url) {
    URL.revokeObjectURL(url);
  }
}

function labelOf(input) {
  return document.querySelector(`label[for="${input.id}"]`)?.textContent ?? input.id;
}

function sentenceCase(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function formatBytes(bytes) {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }

  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

function formatMegapixels(pixels) {
  return `${Number((pixels / 1e6).toFixed(1))} megapixels`;
}
