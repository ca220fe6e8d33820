"""Signed checklists: signing (practitioner) and verifying (supervisor).

Layers, lowest first; a module imports its own layer or lower ones only, and the verifier
(layers 0-3) never imports the signer (4-5). ``tests/signing/test_layering.py`` enforces this
from the source, lazy imports included.

0. base: formats and primitives (errors, file helpers, attachment names, canonical JSON, DSSE,
   P-256 keys, the bundle, RFC 3161 timestamps, the statement's shape)
1. trust: the supervisor's trusted-signer list and ssh allowed_signers files
2. PDF: drawing pages, reading pages and attachments back, comparing them (checklist pages
   and key cards)
3. verifier: bundles, PDFs, hash chains, hand-overs, adding a signer, what a result means
4. keys: sealing, storing, changing and using the practitioner's key; writing key cards and
   signing PDFs; the output files of a signing
5. signer: signing a checklist, late timestamps
"""

LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "files", "names", "jcs", "dsse", "pubkey", "bundle", "tsa", "statement"),
    ("signers", "allowed_signers"),
    ("pdf_kit", "pdf_layout1", "pdf_layout2", "pdf_appendix", "pdf_render", "pdf_pages",
     "pdf_attach", "pdf_text", "keycard_render", "keycard_check"),
    ("verify_result", "verify_chain", "handover", "intake", "verify_pdf", "verify",
     "verify_standing", "key_offer", "policy_signers"),
    ("key_seal", "key_store", "key_change", "key_access", "keys", "key_backup", "keycard",
     "pdf_sign", "outfiles"),
    ("checklist", "late_timestamps"),
    ("summary_walk", "summary_verify", "summary", "summary_export"),  # a clinical lead's view
)
