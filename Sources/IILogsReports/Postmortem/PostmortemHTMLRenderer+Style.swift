extension PostmortemHTMLRenderer {
    /// The page's only style sheet: system fonts, readable tables, a print layout (no navigation, no
    /// page breaks inside charts, flags or table rows, wrapped log lines, black on white).
    static let css = """
        :root { --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9d9; --bg-soft: #f5f6f8; --err: #b3261e; --warn: #8a5a00; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 64rem; padding: 1.5rem; color: var(--fg); background: #fff;
          font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
        h1 .sub { font-size: 1rem; font-weight: normal; color: var(--muted); }
        h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        .meta, .none { color: var(--muted); }
        nav ol { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; list-style: none; padding: 0; margin: .8rem 0 0; }
        nav a { color: #1f5fa8; text-decoration: none; }
        code, pre { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: .86em; }
        code { background: var(--bg-soft); padding: .05em .3em; border-radius: 3px; overflow-wrap: anywhere; }
        pre { background: var(--bg-soft); padding: .7rem .9rem; border-radius: 4px; overflow-x: auto; line-height: 1.35; }
        pre.trace { margin: .3rem 0 0; padding: .4rem .6rem; font-size: .8em; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0; }
        th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
        thead th { border-bottom: 2px solid var(--line); font-size: .9em; }
        table.kv { width: auto; }
        table.kv th { font-weight: 600; padding-right: 1.5rem; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        .nowrap { white-space: nowrap; }
        .example { color: var(--muted); margin-top: .25rem; font-size: .92em; }
        .flag { border-left: 4px solid var(--err); padding: .1rem .9rem; margin: .8rem 0; background: #fdf3f2; }
        .sev-err { color: var(--err); font-weight: 600; }
        .sev-warn { color: var(--warn); }
        .sev-debug { color: var(--muted); }
        figure.chart { margin: 1rem 0; }
        figure.chart svg { max-width: 100%; height: auto; display: block; }
        figcaption { color: var(--muted); font-size: .9em; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          nav { display: none; }
          a { color: inherit; text-decoration: none; }
          h2 { break-after: avoid; }
          figure.chart, .flag, tr { break-inside: avoid; }
          pre { white-space: pre-wrap; overflow-wrap: anywhere; background: none; border: 1px solid var(--line); }
          code { background: none; }
          .flag { background: none; }
        }

        """
}
