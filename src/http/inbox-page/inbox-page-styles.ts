/** The inbox's whole stylesheet, inline and hashed in the CSP. Phones first: one column below 52rem. */
export const INBOX_CSS = `
:root{color-scheme:light;--ink:#1d2430;--muted:#525c6b;--line:#d7dce3;--accent:#1f5fbf;--waiting:#9a4f00;--held:#1e6b43;--note:#fff4cc;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink)}
*{box-sizing:border-box}
body{margin:0;background:#f6f7f9;line-height:1.45}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f2b400;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;padding:.6rem 1rem;background:#1d2430;color:#fff}
header a{color:#fff;font-weight:600;text-decoration:none}
header nav{display:flex;gap:1rem;align-items:center}
header form{margin:0}
header button{background:transparent;border:1px solid #fff;color:#fff}
main{display:grid;grid-template-columns:minmax(0,1fr);gap:1rem;padding:1rem;max-width:1300px;margin:0 auto}
@media (min-width:52rem){main{grid-template-columns:minmax(18rem,26rem) minmax(0,1fr)}}
main>*{min-width:0}
h1{font-size:1.3rem;margin:0 0 .5rem}h2{font-size:1.05rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem;margin-bottom:1rem}
.queue ul{list-style:none;margin:0;padding:0}
.queue li{border-top:1px solid var(--line)}
.queue li:first-child{border-top:0}
.queue a{display:block;padding:.5rem .25rem;text-decoration:none;color:var(--ink)}
.queue a[aria-current="true"]{background:#e8f0fb}
.queue .line1{display:flex;justify-content:space-between;gap:.5rem;font-weight:600}
.queue .preview{display:block;color:var(--muted);font-size:.9rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.queue .draft{display:block;font-size:.85rem;color:var(--muted);font-style:italic;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.badge{display:inline-block;padding:0 .35rem;border-radius:3px;font-size:.75rem;font-weight:600;color:#fff;background:#49566a;margin-right:.25rem}
.wait{color:var(--waiting);font-weight:600;white-space:nowrap}
.empty{color:var(--muted);margin:.25rem 0}
.transcript-scroll{max-height:60vh;overflow-y:auto}
.transcript{list-style:none;margin:0;padding:0}
.transcript li{border-left:4px solid var(--line);padding:.35rem .6rem;margin-bottom:.5rem;overflow-wrap:anywhere}
.transcript .role-user{border-color:#3b6ea8}.transcript .role-assistant{border-color:#8a94a3}.transcript .role-staff{border-color:var(--held)}.transcript .role-system{border-color:#b0b7c3;color:var(--muted)}
.transcript .note{background:var(--note);border-color:#b58a00}
.transcript p{margin:.15rem 0;white-space:pre-wrap}
.meta{font-size:.8rem;color:var(--muted)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
button{font:inherit;padding:.4rem .75rem;border:1px solid var(--accent);border-radius:4px;background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
button:disabled{background:#e4e7ec;border-color:#c3c9d2;color:#4d5562;cursor:not-allowed}
textarea{font:inherit;width:100%;min-height:5rem;padding:.4rem;border:1px solid #8a94a3;border-radius:4px}
.reply-options{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;margin-top:.4rem}
.status{min-height:1.4rem;color:var(--muted)}
.error{color:#a1261f}
.details{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 .5rem;font-size:.9rem}
.details div{display:flex;gap:.3rem}.details dt{color:var(--muted)}.details dd{margin:0}
.draft-box{background:#f1f4f8;border-radius:4px;padding:.5rem;margin:.5rem 0}
.draft-box p{margin:.2rem 0;white-space:pre-wrap}
`;
