// dagan-stream web page: submit a job, follow it live (server-sent events), play and download the result.
'use strict';

const api = '/api/jobs';
const $ = (id) => document.getElementById(id);

let events = null;        // EventSource of the followed job
let followed = null;      // id of the followed job
let shownVideo = null;    // result URL the <video> element currently shows

// ---- submitting ------------------------------------------------------------------------------------------------

$('source').addEventListener('change', () => {
  const file = $('source').files[0];
  const preview = $('source-preview');
  if (preview.src) URL.revokeObjectURL(preview.src);
  preview.hidden = !file;
  if (file) preview.src = URL.createObjectURL(file);
});

$('job-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const source = $('source').files[0];
  const driving = $('driving').files[0];
  if (!source || !driving) {
    formStatus('Choose a source image and a driving video first.', true);
    (source ? $('driving') : $('source')).focus();
    return;
  }
  const form = new FormData();
  form.append('relative', $('relative').checked);
  form.append('adaptScale', $('adaptScale').checked);
  form.append('sideBySide', $('sideBySide').checked);
  form.append('anchorFrame', $('anchorFrame').value || '0');
  form.append('outputFormat', $('outputFormat').value);
  form.append('source', source, source.name);
  form.append('driving', driving, driving.name);

  // XMLHttpRequest rather than fetch: it reports upload progress.
  const request = new XMLHttpRequest();
  const bar = $('upload-progress');
  request.open('POST', api);
  request.responseType = 'json';
  request.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) bar.value = e.loaded / e.total;
  });
  request.addEventListener('load', () => {
    busy(false);
    const body = request.response || {};
    if (request.status === 202) {
      formStatus('Job ' + body.jobId + ' accepted.', false);
      follow(body.jobId, body);
      refreshList();
    } else {
      formStatus('Refused (' + request.status + '): ' + (body.error || request.statusText), true);
    }
  });
  request.addEventListener('error', () => {
    busy(false);
    formStatus('The upload failed: the gateway could not be reached or closed the connection.', true);
  });
  busy(true);
  formStatus('Uploading…', false);
  request.send(form);
});

function busy(on) {
  $('submit').disabled = on;
  $('upload-progress').hidden = !on;
  $('upload-progress').value = 0;
}

function formStatus(text, isError) {
  const status = $('form-status');
  status.textContent = text;
  status.classList.toggle('error', isError);
}

// ---- following one job -----------------------------------------------------------------------------------------

function follow(jobId, known) {
  if (events) events.close();
  events = null;
  followed = jobId;
  shownVideo = null;
  if (location.hash !== '#job=' + jobId) history.replaceState(null, '', '#job=' + encodeURIComponent(jobId));
  $('job').hidden = false;
  $('job-id').textContent = jobId;
  $('job-result').hidden = true;
  $('job-frames-result').hidden = true;
  $('job-video').removeAttribute('src');
  if (known) render(known);

  const stream = new EventSource(api + '/' + encodeURIComponent(jobId) + '/events');
  events = stream;
  const onEvent = (e) => {
    if (followed !== jobId) return;
    render(JSON.parse(e.data));
  };
  stream.addEventListener('progress', onEvent);
  stream.addEventListener('result', (e) => {
    onEvent(e);
    stream.close();   // the job is over; without this the browser would reconnect
    refreshList();
  });
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED && followed === jobId) {
      // Refused outright (unknown job) or the gateway went away: show what a plain request says.
      fetch(api + '/' + encodeURIComponent(jobId)).then(async (r) => {
        const body = await r.json();
        if (r.ok) render(body); else showReason(body.error || ('HTTP ' + r.status));
      }).catch(() => showReason('The gateway cannot be reached.'));
    }
  });
}

function render(job) {
  const state = $('job-state');
  state.textContent = job.state;
  state.dataset.state = job.state;
  $('job-frames').textContent = job.frameCount > 0
    ? job.framesDone + ' / ' + job.frameCount + ' frames'
    : (job.finished ? '' : 'waiting for the video to be decoded');
  $('job-progress').value = job.progress;
  showReason(job.state === 'FAILED' || job.state === 'STALLED' ? job.reason : null);

  const result = job.result;
  if (job.state === 'SUCCEEDED' && result && result.videoKey) {
    if (shownVideo !== job.resultUrl) {
      shownVideo = job.resultUrl;
      $('job-video').src = job.resultUrl;
      $('job-download').href = job.resultUrl + '?download=1';
      $('job-download').setAttribute('download', job.jobId + '.mp4');
    }
    $('job-result').hidden = false;
  } else if (job.state === 'SUCCEEDED' && result && result.framesPrefix) {
    const note = $('job-frames-result');
    note.textContent = result.frameCount + ' PNG frames were written under ' + result.framesPrefix + ' in object storage.';
    note.hidden = false;
  }
}

function showReason(text) {
  const reason = $('job-reason');
  reason.hidden = !text;
  reason.textContent = text || '';
}

// ---- recent jobs -----------------------------------------------------------------------------------------------

async function refreshList() {
  let body;
  try {
    const response = await fetch(api + '?limit=20', {cache: 'no-store'});
    if (!response.ok) return;
    body = await response.json();
  } catch (e) {
    return;   // the gateway is restarting; the next refresh will try again
  }
  const rows = $('jobs').tBodies[0];
  rows.replaceChildren(...body.jobs.map(row));
  $('jobs-empty').hidden = body.jobs.length > 0;
}

function row(job) {
  const tr = document.createElement('tr');
  tr.dataset.jobId = job.jobId;
  const link = document.createElement('a');
  link.href = '#job=' + encodeURIComponent(job.jobId);
  link.textContent = job.jobId;
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.state = job.state;
  badge.textContent = job.state;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = job.progress;
  bar.setAttribute('aria-label', 'Progress of job ' + job.jobId);
  const updated = job.updatedAt ? new Date(job.updatedAt).toLocaleString() : '';
  [link, badge, bar, document.createTextNode(updated)].forEach((content) => {
    const td = document.createElement('td');
    td.append(content);
    tr.append(td);
  });
  return tr;
}

// ---- start -----------------------------------------------------------------------------------------------------

function followFromHash() {
  const match = /^#job=(.+)$/.exec(location.hash);
  if (match) {
    const jobId = decodeURIComponent(match[1]);
    if (jobId !== followed) follow(jobId);
  }
}

window.addEventListener('hashchange', followFromHash);
$('refresh').addEventListener('click', refreshList);
setInterval(() => { if (!document.hidden) refreshList(); }, 5000);
followFromHash();
refreshList();
