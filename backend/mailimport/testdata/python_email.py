# Reads each .eml given with Python's email package (default policy) and prints, as JSON by
# file name, what it finds: sender, subject, date (UTC), Message-ID, the body it prefers
# (plain, else HTML with the tags removed), the attachments and any defects.
import email, email.policy, email.utils, html, json, re, sys, datetime
out = {}
for path in sys.argv[1:]:
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    r = {"defects": [type(d).__name__ for d in msg.defects]}
    for name in ("From", "Subject", "Date", "Message-ID"):
        h = msg.get(name)
        r["defects"] += [name + ": " + type(d).__name__ for d in getattr(h, "defects", ())]
    frm = msg.get("From")
    addrs = frm.addresses if frm is not None and hasattr(frm, "addresses") else ()
    r["fromName"] = addrs[0].display_name if addrs else ""
    r["fromAddress"] = addrs[0].addr_spec if addrs else ""
    r["subject"] = str(msg.get("Subject", ""))
    r["messageId"] = str(msg.get("Message-ID", "")).strip().strip("<>")
    d = msg.get("Date")
    dt = getattr(d, "datetime", None) if d is not None else None
    r["date"] = dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if dt is not None and dt.tzinfo is not None else ""
    body = msg.get_body(preferencelist=("plain", "html"))
    r["bodyFrom"] = body.get_content_type() if body is not None else ""
    try:
        text = body.get_content() if body is not None else ""
    except LookupError as e:  # a charset Python does not know
        r["bodyError"] = str(e)
        text = body.get_payload(decode=True).decode("utf-8", "replace")
    if r["bodyFrom"] == "text/html":
        text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", text)
        text = re.sub(r"(?i)<li\b[^>]*>", "\n- ", text)  # list items as "- " lines, as the importer writes them
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    r["body"] = text
    atts = []
    for part in msg.iter_attachments():
        atts.append({"name": part.get_filename() or "", "type": part.get_content_type(), "size": len(part.get_payload(decode=True) or b"")})
    r["attachments"] = atts
    out[path.rsplit("/", 1)[-1]] = r
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
