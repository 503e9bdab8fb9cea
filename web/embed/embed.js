// ctrcfg's docs widgets, as one include: <script type="module" src=".../embed.js"></script>
// mounts every element marked data-ctrcfg on the page (docs/embed.md). Trunk's post-build hook
// (web/embed/build.mjs) writes this file into dist/ with BUILD filled in: the hashed names of the
// playground's wasm and its glue beside it, and the widgets' stylesheet.
//
// At once, before the wasm arrives, each element becomes a widget's shadow root holding its text
// as code where the wasm will draw the same code, so the page reads as it will look. The wasm is
// loaded once for the page, whatever the number of widgets or includes (an ES module runs once),
// and then draws each widget (ctrcfgMount, web/src/widget.rs). The API is exported too.
const BUILD = null;

const beside = (file) => new URL(file, import.meta.url).href;
const sheet = new CSSStyleSheet();
sheet.replaceSync(BUILD.css);

/** The wasm's exports (ctrcfgValidate, ctrcfgRender, ctrcfgSimulate, ctrcfgMount), once it runs. */
export const ready = import(beside(BUILD.glue)).then(async (glue) => {
  await glue.default({ module_or_path: beside(BUILD.wasm) });
  return glue;
});

/** What `ctrcfg validate --format json` prints, as an object. */
export async function validate(text, featureSet, openshiftVersion) {
  return JSON.parse((await ready).ctrcfgValidate(text, featureSet, openshiftVersion));
}

/** What `ctrcfg render --format json` prints, as an object. */
export async function render(text, featureSet, openshiftVersion) {
  return JSON.parse((await ready).ctrcfgRender(text, featureSet, openshiftVersion));
}

/** What `ctrcfg simulate --format json` prints, as an object (run in a Web Worker). */
export async function simulate(scenario) {
  return JSON.parse(await (await ready).ctrcfgSimulate(scenario));
}

// The elements already made widgets, and the widgets' hosts (which carry their attributes).
const mounted = new WeakMap();

const make = (parent, tag, className, text) => {
  const el = parent.appendChild(document.createElement(tag));
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
};

/**
 * Makes `element` (marked data-ctrcfg, its text the input) a widget; resolves once it is drawn.
 * An element already made one resolves as it did.
 */
export function mount(element) {
  if (mounted.has(element)) return mounted.get(element);
  // The host takes the element's place, its id and its data-* attributes (data-theme is read
  // by the stylesheet), and its margins, so the text stays where it was.
  const host = document.createElement('div');
  for (const { name, value } of element.attributes) if (name === 'id' || name.startsWith('data-')) host.setAttribute(name, value);
  const style = getComputedStyle(element);
  host.style.margin = `${style.marginTop} 0 ${style.marginBottom}`;
  const text = element.textContent;
  element.replaceWith(host);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [sheet];
  // The stand-in: the markup the widget's first draw has (components/widget.rs).
  const standIn = make(root, 'div', 'app embedded widget');
  const view = make(standIn, 'div', 'view');
  make(make(view, 'section', 'pane'), 'pre', 'code input', text);
  const status = make(make(view, 'section', 'pane result'), 'p', 'pending', 'Loading ctrcfg\u2026');
  status.setAttribute('role', 'status');
  make(standIn, 'p', 'widget-bar');
  const into = make(root, 'div');
  const done = ready.then((api) => {
    api.ctrcfgMount(element, into);
    standIn.remove();
  }, (e) => {
    status.textContent = 'ctrcfg could not load, so this example shows as text only.';
    console.warn('ctrcfg: the widget could not load', e);
  });
  mounted.set(element, done);
  mounted.set(host, done);
  return done;
}

/** Mounts every element marked data-ctrcfg under `root` that is not a widget yet. */
export function mountAll(root = document) {
  return Promise.all([...root.querySelectorAll('[data-ctrcfg]')].map(mount));
}

mountAll();
