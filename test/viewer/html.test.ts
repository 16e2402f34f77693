import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { esc, href, html, joinHtml, trusted } from "../../src/viewer/html.js";
import { markSnippet } from "../../src/viewer/pages/search.js";
import { SEARCH_MARK } from "../../src/store/index.js";

describe("html escaping", () => {
  it("escapes every interpolated string, in text and in attributes", () => {
    const evil = `<script>alert("x")</script><img src=x onerror='y'>&`;
    const out = html`<p title="${evil}">${evil}</p>`.value;
    expect(out).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;">` +
        `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;&amp;</p>`,
    );
  });

  it("never lets a string produce a tag or end an attribute, whatever it holds", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = html`<a title="${s}">${s}</a>`.value;
        const inner = out.slice('<a title="'.length, -"</a>".length);
        return !/[<>"']/.test(inner.replace('">', ""));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps nested templates as markup, renders arrays in order and skips null, undefined and booleans", () => {
    const items = ["a<", "b"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}${true}</ul>`.value).toBe("<ul><li>a&lt;</li><li>b</li></ul>");
    expect(joinHtml(["x", trusted("<br>"), "y"], ", ").value).toBe("x, <br>, y");
    expect(esc("plain")).toBe("plain");
  });

  it("builds links with encoded path segments and query values", () => {
    expect(href(["episodes", 'a/b?"<x>'], { run: "r 1&2", empty: "", none: null })).toBe("/episodes/a%2Fb%3F%22%3Cx%3E?run=r+1%262");
  });

  it("turns a search snippet's match markers into <mark> around escaped text", () => {
    const s = `a <b> ${SEARCH_MARK.open}<script>${SEARCH_MARK.close} c\nd`;
    expect(markSnippet(s).value).toBe("a &lt;b&gt; <mark>&lt;script&gt;</mark> c ↵ d");
  });
});
