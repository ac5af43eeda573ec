// Optional conveniences; every form works without this script (plain form posts).
// 1. Drag-and-drop onto the drop zone fills the file input.
// 2. A summary upload shows upload progress; the progress page updates itself in place.
"use strict";
document.querySelectorAll("[data-drop]").forEach(function (zone) {
  var input = zone.querySelector("input[type=file]");
  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    e.preventDefault();
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    var dt = new DataTransfer();
    var files = input.multiple ? e.dataTransfer.files : [e.dataTransfer.files[0]];
    Array.prototype.forEach.call(files, function (f) { dt.items.add(f); });
    input.files = dt.files;
    zone.querySelector(".drop-text").textContent = Array.prototype.map.call(dt.files, function (f) { return f.name; }).join("、");
  });
  input.addEventListener("change", function () {
    if (input.files.length) {
      zone.querySelector(".drop-text").textContent = Array.prototype.map.call(input.files, function (f) { return f.name; }).join("、");
    }
  });
});

document.querySelectorAll("form[data-upload]").forEach(function (form) {
  var bar = form.querySelector("[data-upload-progress]");
  form.addEventListener("submit", function (e) {
    var note = form.querySelector("[data-uploading]");
    if (note) note.hidden = false;
    if (!bar || !window.XMLHttpRequest) return;  // the check form: a plain post is fine
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", function (ev) {
      if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
    });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL.indexOf("/summary/") !== -1) { window.location = xhr.responseURL; return; }
      document.open(); document.write(xhr.responseText); document.close();
    });
    xhr.addEventListener("error", function () { form.submit(); });
    xhr.send(new FormData(form));
  });
});

document.querySelectorAll("[data-job]").forEach(function (box) {
  var id = box.getAttribute("data-job");
  function poll() {
    fetch("/summary/" + id + "/progress.json", { credentials: "same-origin" }).then(function (r) { return r.json(); })
      .then(function (s) {
        box.querySelector("[data-progress]").value = s.done;
        box.querySelector("[data-progress]").max = s.total;
        box.querySelector("[data-done]").textContent = s.done;
        box.querySelector("[data-total]").textContent = s.total;
        if (s.state === "running") setTimeout(poll, 1000); else window.location = "/summary/" + id;
      }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
});
