// The playground's code editor: CodeMirror 6 with the extensions picked by hand (no basicSetup).
// build.mjs beside it bundles this file and every @codemirror package it imports into ONE
// minified ES module (target/editor/editor.js, copied into dist/ by Trunk): two copies of
// @codemirror/state fail at run time. The page loads it after its first paint
// (mod.rs beside it); until then, and for good if it fails to load, the plain textarea is the
// editor.
//
// Positions are UTF-16 offsets, as CodeMirror counts them; the Rust side converts core's byte
// offsets before calling in.

import { EditorState, Compartment, Transaction } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, hoverTooltip,
} from '@codemirror/view';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { history, defaultKeymap, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, lintKeymap, setDiagnostics as lintDiagnostics } from '@codemirror/lint';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { tags } from '@lezer/highlight';

// Colours come from CSS variables (web/style.css), so the page's light and dark palettes style the
// editor too; `dark` tells CodeMirror's own base theme (panels, tooltips, the search field) which
// of its variants to use.
const theme = (dark) => EditorView.theme({
  '&': { color: 'var(--ink)', backgroundColor: 'var(--editor-bg)', border: '1px solid var(--line)', borderRadius: '6px' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--code)', fontSize: '13px', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--ink)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--ink)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--editor-selection)' },
  '.cm-gutters': { backgroundColor: 'var(--editor-gutter)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--editor-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--editor-active-line)', color: 'var(--ink)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--editor-bracket)', outline: '1px solid var(--muted)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--ink)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--line)' },
}, { dark });

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--syntax-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--syntax-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--syntax-atom)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--syntax-comment)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.keyword, tags.typeName, tags.labelName], color: 'var(--syntax-meta)' },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--muted)' },
  { tag: tags.invalid, color: 'var(--error)' },
]);

const utf8 = new TextEncoder();

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
// The page is dark when the header's theme menu forces it (data-theme on <html>), or when the
// menu leaves it to the system and the system asks for it.
const root = document.documentElement;
const isDark = () => (root.dataset.theme ?? (darkQuery?.matches ? 'dark' : 'light')) === 'dark';

// Completion and hover come from core (ctrcfg_core::assist) through the Rust side:
// `options.complete(text, pos)` returns JSON `[{label, kind, detail, from, to}]` and
// `options.hover(text, pos)` JSON `{from, to, text}` or null, all offsets UTF-16.
const completions = (complete) => (context) => {
  const found = JSON.parse(complete(context.state.doc.toString(), context.pos) || '[]');
  if (!found.length) return null;
  // Core has chosen and filtered them for the cursor's place: no second filtering here.
  return { from: found[0].from, to: found[0].to, options: found.map(option), filter: false };
};

const option = (c) => ({
  label: c.label,
  detail: c.detail ?? undefined,
  type: c.kind === 'field' ? 'property' : 'enum',
  apply: c.kind === 'field' ? `${c.label}: ` : c.label,
});

const hovers = (hover) => hoverTooltip((view, pos) => {
  const found = JSON.parse(hover(view.state.doc.toString(), pos) || 'null');
  if (!found) return null;
  return {
    pos: found.from, end: found.to, above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'cm-hover-doc';
      dom.textContent = found.text;
      return { dom };
    },
  };
});

/**
 * Creates an editor in `parent` holding `text`. `onChange(text)` is called with the whole text
 * after every change the user makes (not after `setText`). `options.label` names the editor for
 * assistive technology, `options.id` is given to its editable element; `options.complete` and
 * `options.hover`, when given, offer completion and hover docs; `options.onCursor(byteOffset)`
 * hears where the caret is.
 */
export function create(parent, text, onChange, options = {}) {
  const scheme = new Compartment();
  let quiet = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        highlightSelectionMatches(),
        search({ top: true }),
        lintGutter(),
        yaml(),
        syntaxHighlighting(highlight),
        indentUnit.of('  '),
        EditorState.tabSize.of(2),
        ...(options.complete ? [autocompletion({ override: [completions(options.complete)] })] : []),
        ...(options.hover ? [hovers(options.hover)] : []),
        keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap, indentWithTab]),
        scheme.of(theme(isDark())),
        EditorView.contentAttributes.of({
          ...(options.id ? { id: options.id } : {}),
          ...(options.label ? { 'aria-label': options.label } : {}),
          spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off',
          // Focusable as such, so that checkers (axe-core) see that the scroller has keyboard access;
          // described by the line that says how the keyboard leaves it (mod.rs).
          tabindex: '0', 'aria-describedby': 'editor-hint',
        }),
        EditorView.updateListener.of((u) => { if (u.docChanged && !quiet) onChange(u.state.doc.toString()); }),
        // The caret's place as a UTF-8 byte offset (core's unit), on moves that change no text;
        // -1 while the text changes, since the view has not analysed the new text yet.
        ...(options.onCursor ? [EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onCursor(-1);
          else if (u.selectionSet) {
            const head = u.state.selection.main.head;
            options.onCursor(utf8.encode(u.state.doc.sliceString(0, head)).length);
          }
        })] : []),
      ],
    }),
  });
  const follow = () => view.dispatch({ effects: scheme.reconfigure(theme(isDark())) });
  darkQuery?.addEventListener('change', follow);
  const menu = new MutationObserver(follow);
  menu.observe(root, { attributeFilter: ['data-theme'] });

  return {
    /** The editor's text. */
    getText: () => view.state.doc.toString(),
    /** Replaces the whole text (an undoable change); `onChange` is not called for it. */
    setText(next) {
      if (next === view.state.doc.toString()) return;
      quiet = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next },
          annotations: Transaction.userEvent.of('set') });
      } finally { quiet = false; }
    },
    /**
     * Shows `list` ({from, to, severity, message, source} in UTF-16 offsets) as marks on the text
     * and in the gutter, when the editor still holds `forText`, the text they were found in (a
     * newer run follows otherwise). Returns whether they were shown.
     */
    setDiagnostics(list, forText) {
      const { state } = view;
      if (forText !== undefined && forText !== state.doc.toString()) return false;
      const len = state.doc.length;
      const clamp = (n) => Math.max(0, Math.min(len, n | 0));
      const marks = list.map((d) => {
        const from = clamp(d.from);
        return { from, to: Math.max(from, clamp(d.to)), severity: d.severity, message: d.message, source: d.source };
      });
      view.dispatch(lintDiagnostics(state, marks));
      return true;
    },
    /** Selects from..to (UTF-16 offsets), scrolls it into view and focuses the editor. */
    select(from, to) {
      const len = view.state.doc.length;
      const anchor = Math.max(0, Math.min(len, from)), head = Math.max(0, Math.min(len, to));
      view.dispatch({ selection: { anchor, head }, scrollIntoView: true, userEvent: 'select' });
      view.focus();
    },
    focus: () => view.focus(),
    hasFocus: () => view.hasFocus,
    destroy() {
      darkQuery?.removeEventListener('change', follow);
      menu.disconnect();
      view.destroy();
    },
  };
}

/**
 * The CodeMirror view an element belongs to (or null). For tests and the browser console:
 * `(await import('/editor.js')).viewOf(document.querySelector('.cm-editor')).state.doc.toString()`.
 */
export function viewOf(element) {
  return EditorView.findFromDOM(element);
}
