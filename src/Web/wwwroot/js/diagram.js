// Draws the process diagrams (pre.mermaid); a file, not an inline script, so the Content-Security-Policy can forbid inline script.
mermaid.initialize({ startOnLoad: true, securityLevel: 'strict', theme: 'neutral' });
