"use client";
import { useEffect, useMemo, useRef } from "react";
import CodeMirror, { EditorView, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { yaml } from "@codemirror/lang-yaml";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { oneDarkTheme } from "@codemirror/theme-one-dark";
import { tags } from "@lezer/highlight";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { lintRanges, type ServerDiagnostic } from "./diagnostics";

/*
 * One Dark's editor colours with a highlight style whose colours reach WCAG AA (4.5:1) on its
 * background: One Dark's own keys (#e06c75, 4.4:1) and comments (#7d8799, 4.0:1) fall short.
 */
const readableHighlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.name, tags.deleted, tags.character, tags.macroName], color: "#f0959c" },
  { tag: [tags.string, tags.inserted], color: "#98c379" },
  { tag: [tags.number, tags.bool, tags.atom, tags.null, tags.constant(tags.name)], color: "#d19a66" },
  { tag: [tags.keyword, tags.definitionKeyword, tags.modifier], color: "#c678dd" },
  { tag: [tags.comment, tags.meta], color: "#9aa3b3", fontStyle: "italic" },
  { tag: [tags.punctuation, tags.separator, tags.operator], color: "#abb2bf" },
  { tag: tags.invalid, color: "#ffffff" },
]);
const DARK_READABLE = [oneDarkTheme, syntaxHighlighting(readableHighlight)];

/**
 * One file of a stack in CodeMirror 6: YAML highlighting for compose files, and the server's
 * diagnostics for this file shown inline (underline, gutter marker, message on hover) — the server's
 * validation is the only judge, so the editor runs no linter of its own.
 */
export function CodeEditor({ file, label, value, onChange, diagnostics, readOnly = false }: {
  /** The file's name in the stack, which the diagnostics name. */
  file: string;
  /** The accessible name of the text area ("compose.yaml of shop"). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly ServerDiagnostic[];
  readOnly?: boolean;
}) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const isYaml = /\.ya?ml$/i.test(file);
  const extensions = useMemo(
    () => [...(isYaml ? [yaml()] : []), lintGutter(), EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": label, "data-testid": `editor-${file}` })],
    [isYaml, label, file],
  );
  // Diagnostics come from the server, for the text as it was when validated: placed on the current
  // text (clamped), replaced whenever a new answer arrives.
  useEffect(() => {
    const view = ref.current?.view;
    if (!view) return;
    const ranges = lintRanges(diagnostics, file, view.state.doc.toString());
    view.dispatch(setDiagnostics(view.state, ranges));
  }, [diagnostics, file]);
  return (
    <CodeMirror
      ref={ref}
      value={value}
      onChange={onChange}
      extensions={extensions}
      readOnly={readOnly}
      theme={DARK_READABLE}
      minHeight="18rem"
      maxHeight="60vh"
      basicSetup={{ foldGutter: false, autocompletion: false }}
      className="overflow-hidden rounded-lg border border-zinc-800 text-xs"
    />
  );
}
