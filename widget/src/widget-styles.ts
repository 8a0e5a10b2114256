/**
 * All widget CSS, applied inside the shadow root. `:host { all: initial }` with !important stops
 * inherited host styles (fonts, colours, line-height, text-transform…) at the boundary; inside,
 * sizes are in px because rem follows the host page's root font size.
 */
export const WIDGET_CSS = `
:host{all:initial!important;display:block!important;position:static!important}
[hidden]{display:none!important}
.root{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1d1f23;-webkit-font-smoothing:antialiased;text-align:left}
*,*::before,*::after{box-sizing:border-box}
.sr-only{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap}
button{font:inherit;cursor:pointer;margin:0}
svg{display:block;fill:currentColor}
:focus{outline:none}
:focus-visible{outline:3px solid var(--accent-text);outline-offset:2px}
.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:58px;height:58px;border-radius:50%;border:0;padding:0;background:var(--accent);color:var(--on-accent);box-shadow:0 4px 14px rgba(0,0,0,.28);display:flex;align-items:center;justify-content:center}
.launcher:focus-visible{outline:none;box-shadow:0 0 0 3px #fff,0 0 0 6px var(--accent-text)}
.launcher svg{width:28px;height:28px}
.root[data-position=bottom-left] .launcher{right:auto;left:20px}
.root[data-open=true] .icon-chat,.root[data-open=false] .icon-close{display:none}
.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;border:2px solid #fff;background:#b3001b;color:#fff;font-size:12px;font-weight:700;line-height:18px;text-align:center}
.panel{position:fixed;bottom:90px;right:20px;z-index:2147483000;width:384px;max-width:calc(100vw - 40px);height:620px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:#fff;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.28);overflow:hidden}
.root[data-position=bottom-left] .panel{right:auto;left:20px}
.header{display:flex;align-items:flex-start;gap:8px;padding:14px 10px 14px 18px;background:var(--accent);color:var(--on-accent)}
.header :focus-visible{outline-color:var(--on-accent)}
.heading{flex:1;min-width:0}
h2{margin:0;font-size:17px;font-weight:650;line-height:1.3}
.status{margin:3px 0 0;font-size:13px;line-height:1.35;display:flex;align-items:center;gap:7px}
.dot{flex:none;width:8px;height:8px;border-radius:50%;background:currentColor}
.root[data-state=handoff_requested] .dot{background:transparent;border:2px solid currentColor}
.close{flex:none;width:40px;height:40px;border:0;border-radius:10px;background:transparent;color:inherit;display:flex;align-items:center;justify-content:center}
.close:hover{background:rgba(127,127,127,.28)}
.close svg{width:22px;height:22px}
.scroller{flex:1;overflow-y:auto;padding:16px 14px 6px;overscroll-behavior:contain}
.message{display:flex;flex-direction:column;align-items:flex-start;margin:0 0 12px}
.from-user{align-items:flex-end}
.from-system{align-items:center}
.author{margin:0 0 3px 4px;font-size:12.5px;font-weight:600;color:#4a4f57}
.bubble{max-width:86%;padding:9px 13px;border-radius:16px;background:#f2f3f5;color:#1d1f23;overflow-wrap:anywhere}
.from-assistant .bubble,.from-staff .bubble{border-bottom-left-radius:5px}
.from-staff .bubble{background:#fff;border:1px solid #b9bdc5}
.from-user .bubble{background:var(--accent);color:var(--on-accent);border-bottom-right-radius:5px;white-space:pre-wrap}
.from-system .bubble{max-width:92%;background:transparent;color:#4a4f57;font-size:13.5px;text-align:center;padding:2px 8px}
.welcome .bubble{background:#f2f3f5}
.bubble>*{margin:0 0 8px}
.bubble>:last-child{margin-bottom:0}
.bubble ul,.bubble ol{padding-left:22px}
.bubble li+li{margin-top:3px}
.bubble a,.sources a{color:var(--accent-text);text-decoration:underline;text-underline-offset:2px}
.from-user .bubble a{color:inherit}
.bubble code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:rgba(0,0,0,.07);padding:1px 4px;border-radius:4px}
.bubble pre{overflow-x:auto;background:rgba(0,0,0,.07);padding:8px;border-radius:8px}
.bubble pre code{background:none;padding:0}
.bubble blockquote{margin-left:0;padding-left:10px;border-left:3px solid #b9bdc5}
.bubble hr{border:0;border-top:1px solid #b9bdc5}
.sources{max-width:86%;margin:6px 0 0 4px;font-size:13px}
.sources p{margin:0 0 2px;font-weight:600;color:#4a4f57}
.sources ul{margin:0;padding:0;list-style:none}
.sources li{margin:2px 0}
.feedback{display:flex;flex-wrap:wrap;align-items:center;gap:6px;max-width:86%;margin:6px 0 0 4px;font-size:13px;color:#4a4f57}
.feedback p{margin:0}
.resolution{margin:0 0 12px}
.thumb,.choice{min-width:36px;min-height:32px;padding:3px 9px;border:1px solid #b9bdc5;border-radius:16px;background:#fff;color:#1d1f23}
.thumb svg{width:16px;height:16px}
.thumb[aria-pressed=true],.choice[aria-pressed=true]{background:var(--accent);color:var(--on-accent);border-color:var(--accent)}
.choice:disabled{cursor:default;opacity:.7}
.feedback-comment{display:flex;flex-direction:column;gap:4px;flex-basis:100%}
.feedback-comment textarea{min-height:52px;font-size:15px}
.feedback-comment .choice{align-self:flex-start}
.feedback-note:empty{display:none}
.feedback-note{flex-basis:100%}
.failed-note{margin:3px 4px 0;font-size:12.5px;color:#b3001b}
.typing{display:flex;gap:5px;padding:6px 2px}
.typing span{width:7px;height:7px;border-radius:50%;background:#5f6570;animation:parley-blink 1.2s infinite ease-in-out both}
.typing span:nth-child(2){animation-delay:.2s}
.typing span:nth-child(3){animation-delay:.4s}
@keyframes parley-blink{0%,80%,100%{opacity:.25}40%{opacity:1}}
@keyframes parley-in{from{opacity:0;transform:translateY(10px)}to{opacity:1;transform:none}}
.panel{animation:parley-in .18s ease-out}
.alert{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:0 12px 8px;padding:10px 12px;border-radius:12px;background:#fdecee;color:#8a0016;font-size:14px}
.alert p{flex:1 1 180px;margin:0}
.alert button{border:1px solid currentColor;border-radius:8px;padding:5px 11px;background:#fff;color:#8a0016;font-weight:600}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 12px;border-top:1px solid #e2e4e8}
textarea{flex:1;min-width:0;min-height:44px;max-height:140px;margin:0;padding:10px 12px;resize:none;font-family:inherit;font-size:16px;line-height:1.4;color:#1d1f23;background:#fff;border:1px solid #767c86;border-radius:12px}
textarea::placeholder{color:#5f6570;opacity:1}
textarea:focus-visible{outline-offset:0;border-color:var(--accent-text)}
.send{flex:none;width:44px;height:44px;border:0;border-radius:12px;background:var(--accent);color:var(--on-accent);display:flex;align-items:center;justify-content:center}
.send svg{width:22px;height:22px}
.send[aria-disabled=true]{opacity:.6;cursor:default}
@media (max-width:480px){
.panel{inset:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}
.root[data-open=true] .launcher{display:none}
}
@media (prefers-reduced-motion:reduce){
.panel{animation:none}
.typing span{animation:none;opacity:.7}
}
@media (forced-colors:active){
.launcher,.send,.bubble,.panel{border:1px solid CanvasText}
}
`;
