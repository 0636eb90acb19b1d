import { exportedRecord } from '../admin/formatRecords';
import { OPERATOR_REASONS } from '../admin/operatorEvent';
import type { AuditRecord } from '../admin/types';
import { SuppressionStatus } from '../domain/constants';
import { FILE_FORMATS } from './consoleCommands';
import type { Lookup, Overview } from './consoleData';
import { dailyChart } from './dailyChart';
import { html, SafeHtml } from './html';

/** What every page needs: the token its forms and links carry, the nonce of its style and script. */
interface PageContext {
  readonly token: string;
  readonly nonce: string;
  /** The table and where it is, for the header. */
  readonly target: string;
}

/** A result to show above a page. */
interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
  readonly details?: string;
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
body{margin:0}header{background:#24292f;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header a{color:#fff;font-weight:600;text-decoration:none;font-size:1.1em}header .target{color:#c9d1d9;font-size:.9em}
header form{margin-left:auto;display:flex;gap:6px}main{padding:16px 24px;max-width:1100px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h1{font-size:1.4em;margin:4px 0 12px;word-break:break-all}h2{font-size:1.1em;margin:0 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eaeef2;vertical-align:top;font-size:.92em}
th{color:#57606a;font-weight:600}td.value{word-break:break-all;font-family:ui-monospace,monospace}
input[type=text],input[type=search],select,textarea{font:inherit;padding:4px 6px;border:1px solid #8c959f;border-radius:4px}
textarea{width:100%;box-sizing:border-box;font-family:ui-monospace,monospace;font-size:.85em}
button{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid #1f883d;background:#1f883d;color:#fff;cursor:pointer}
button.danger{background:#cf222e;border-color:#cf222e}form.row{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:.85em;font-weight:600}
.status.suppressed{background:#ffebe9;color:#a40e26}.status.soft{background:#fff8c5;color:#7d4e00}.status.none{background:#dafbe1;color:#116329}
.notice{padding:8px 12px;border-radius:6px;margin:0 0 16px;white-space:pre-wrap}.notice.ok{background:#dafbe1;border:1px solid #4ac26b}
.notice.error{background:#ffebe9;border:1px solid #ff8182}.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.chart{width:100%;height:auto}.chart .bar{fill:#cf222e}.chart .bar:hover{fill:#82071e}.chart .axis{font-size:10px;fill:#57606a}.chart .grid{stroke:#d0d7de}
.muted{color:#57606a}label{font-size:.92em}`;

const SCRIPT = `
for (const input of document.querySelectorAll('input[type=file][data-into]')) {
  input.addEventListener('change', async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    document.getElementById(input.dataset.into).value = await file.text();
    const ext = file.name.split('.').pop().toLowerCase();
    const format = document.getElementById('import-format');
    if (format && ['csv', 'jsonl', 'json'].includes(ext)) format.value = ext;
  });
}`;

/** The console's own style and script, constants of this module: inserted as they are. */
const OWN_STYLE = new SafeHtml(STYLE);
const OWN_SCRIPT = new SafeHtml(SCRIPT);

function layout(page: PageContext, title: string, body: SafeHtml, notice?: Notice): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="same-origin"><title>${title} · ses-bounce-guard console</title>
<style nonce="${page.nonce}">${OWN_STYLE}</style></head>
<body><header><a href="/?token=${page.token}">ses-bounce-guard console</a><span class="target">${page.target}</span>
<form method="get" action="/address" role="search"><input type="hidden" name="token" value="${page.token}">
<input type="search" name="q" placeholder="address, e.g. Jane &lt;jane@example.com&gt;" size="36" aria-label="address" required><button type="submit">Look up</button></form></header>
<main>${notice === undefined ? '' : html`<div class="notice ${notice.kind}" role="status">${notice.text}${notice.details === undefined || notice.details === '' ? '' : html`\n${notice.details}`}</div>`}
${body}</main><script nonce="${page.nonce}">${OWN_SCRIPT}</script></body></html>`.text;
}

function hidden(page: PageContext): SafeHtml {
  return html`<input type="hidden" name="token" value="${page.token}">`;
}

function statusBadge(status: string | undefined): SafeHtml {
  return status === undefined ? html`<span class="status none">not suppressed</span>` : html`<span class="status ${status}">${status}</span>`;
}

function countsTable(title: string, counts: Readonly<Record<string, number>>): SafeHtml {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return html`<table><thead><tr><th>${title}</th><th>records</th></tr></thead><tbody>${
    rows.length === 0 ? html`<tr><td colspan="2" class="muted">none</td></tr>` : rows.map(([key, n]) => html`<tr><td>${key}</td><td>${n}</td></tr>`)
  }</tbody></table>`;
}

/** The start page: stats, suppressions per day, the latest records, import and export. */
function overviewPage(page: PageContext, overview: Overview, now: Date, notice?: Notice): string {
  const { stats, perDay, recent } = overview;
  const body = html`<section><h2>Suppressions per day <span class="muted">(first event, UTC, last 30 days)</span></h2>${dailyChart(perDay, now)}</section>
<section><h2>Records: ${stats.total}</h2><div class="grid2">${countsTable('status', stats.byStatus)}${countsTable('status / reason', stats.byStatusAndReason)}</div></section>
<section><h2>Latest records</h2><table><thead><tr><th>address</th><th>status</th><th>reason</th><th>last event</th></tr></thead><tbody>${
    recent.length === 0
      ? html`<tr><td colspan="4" class="muted">the table is empty</td></tr>`
      : recent.map(
          (r) =>
            html`<tr><td class="value"><a href="/address?token=${page.token}&amp;q=${encodeURIComponent(r.email)}">${r.email}</a></td><td>${statusBadge(r.status)}</td><td>${r.reason}</td><td>${r.lastEventAt}</td></tr>`,
        )
  }</tbody></table></section>
<div class="grid2"><section><h2>Import</h2><form method="post" action="/import">${hidden(page)}
<p><label>File <input type="file" accept=".csv,.jsonl,.json,text/csv,application/json" data-into="import-text"></label></p>
<p><textarea id="import-text" name="content" rows="6" placeholder="email,reason&#10;jane@example.com,manual" required aria-label="file contents"></textarea></p>
<p class="row"><label>Format <select id="import-format" name="format">${FILE_FORMATS.map((f) => html`<option>${f}</option>`)}</select></label>
<label><input type="checkbox" name="dryRun" value="1"> dry run</label></p>
<p><input type="text" name="note" placeholder="note for the audit trail (required)" required size="40" aria-label="note"> <button type="submit">Import</button></p></form>
<p class="muted">Every line is validated first; a bad line writes nothing. See the operations guide for the columns.</p></section>
<section><h2>Export</h2><p>Every record, as <code>import</code> restores it.</p><form method="get" action="/export" class="row">${hidden(page)}
<select name="format" aria-label="export format">${FILE_FORMATS.map((f) => html`<option>${f}</option>`)}</select><button type="submit">Download</button></form></section></div>`;
  return layout(page, 'Overview', body, notice);
}

function auditTable(entries: readonly AuditRecord[]): SafeHtml {
  if (entries.length === 0) return html`<p class="muted">No audit records for this address.</p>`;
  return html`<table><thead><tr><th>time</th><th>action</th><th>actor</th><th>note</th><th>record before</th></tr></thead><tbody>${entries.map((e) => {
    const before = e.itemBefore === undefined ? '' : `${String(e.itemBefore.status ?? '')} ${String(e.itemBefore.reason ?? '')}`.trim();
    return html`<tr class="audit"><td>${e.at}</td><td>${e.action}</td><td>${e.actor}</td><td>${e.note ?? ''}</td><td>${before}</td></tr>`;
  })}</tbody></table>`;
}

/** One address: its record with the evidence, its audit history, and the form to suppress or remove it. */
function addressPage(page: PageContext, lookup: Lookup, notice?: Notice): string {
  if (lookup.kind === 'invalid') {
    const body = html`<section><h1>Not an email address</h1><p>The console looked for an address in <code class="value" id="query">${lookup.query}</code> and found none.</p>
<p class="muted">Any form works: <code>jane@example.com</code>, <code>Jane Doe &lt;Jane@Example.com&gt;</code>.</p></section>`;
    return layout(page, 'Not an address', body, notice);
  }
  const { email, record, audit } = lookup;
  const fields = record === undefined ? [] : Object.entries(exportedRecord(record)).filter(([k]) => k !== 'email');
  const recordSection =
    record === undefined
      ? html`<p>The table has no record of this address: mail to it is sent.</p>`
      : html`<p>${record.status === SuppressionStatus.SUPPRESSED ? 'Mail to this address is blocked.' : 'A soft record: mail to this address is still sent.'}</p>
<table class="record"><tbody>${fields.map(([k, v]) => html`<tr><th>${k}</th><td class="value">${Array.isArray(v) ? v.join(' ') : v}</td></tr>`)}</tbody></table>`;
  const action =
    record === undefined
      ? html`<form method="post" action="/add" class="row">${hidden(page)}<input type="hidden" name="address" value="${email}">
<label>Reason <select name="reason">${OPERATOR_REASONS.map((r) => html`<option${r === 'manual' ? html` selected` : ''}>${r}</option>`)}</select></label>
<input type="text" name="note" placeholder="note for the audit trail (required)" required size="40" aria-label="note"><button type="submit">Suppress</button></form>`
      : html`<form method="post" action="/remove" class="row">${hidden(page)}<input type="hidden" name="address" value="${email}">
<input type="text" name="note" placeholder="why, for the audit trail (required)" required size="40" aria-label="note"><button type="submit" class="danger">Remove from the list</button></form>
<p class="muted">The record is kept in the audit trail; the next bounce or complaint suppresses the address again.</p>`;
  const body = html`<section><h1 id="address">${email}</h1><p>${statusBadge(record?.status)}${lookup.query === email ? '' : html` <span class="muted">looked up as <code class="value" id="query">${lookup.query}</code></span>`}</p>${recordSection}</section>
<section><h2>${record === undefined ? 'Suppress' : 'Remove'}</h2>${action}</section>
<section><h2>Audit history</h2>${auditTable(audit)}</section>`;
  return layout(page, email, body, notice);
}

/** A page that only says what went wrong. */
function errorPage(page: PageContext, title: string, message: string): string {
  return layout(page, title, html`<section><h1>${title}</h1><p><a href="/?token=${page.token}">Back to the overview</a></p></section>`, {
    kind: 'error',
    text: message,
  });
}

export type { Notice, PageContext };
export { addressPage, errorPage, overviewPage };
