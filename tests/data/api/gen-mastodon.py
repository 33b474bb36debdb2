#!/usr/bin/env python3
"""Write the recorded answers of Mastodon's REST API (v1) for the fetch tests,
from the project's own export fixtures (../exempelby-mastodon-v1 and -v2), so
that a status read through the API and through the export is the same status:
the same uri, content, content warning, edit time and media. Deterministic: run
it only to change the fixtures (then update mastodon/README.md and the tests).

The answers are shaped as a Mastodon 4.3 server gives them (compact JSON, UTF-8,
times with milliseconds). "{BASE}" stands for the replay server's root."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "mastodon")
SERVER = "https://social.exempelby.se"
ACCOUNT_ID = "110512345678901234"

ACCOUNT = {
    "id": ACCOUNT_ID, "username": "exempelby", "acct": "exempelby",
    "display_name": "Exempelby kommun", "locked": False, "bot": False,
    "discoverable": True, "indexable": True, "group": False,
    "created_at": "2025-11-03T00:00:00.000Z",
    "note": "<p>Officiellt konto för Exempelby kommun. Vi svarar på vardagar 8–16. "
            "Felanmälan och ärenden görs via e-tjänsterna på webben.</p>",
    "url": SERVER + "/@exempelby", "uri": SERVER + "/users/exempelby",
    "avatar": "{BASE}/system/accounts/avatars/110/512/345/678/901/234/original/avatar.png",
    "avatar_static": "{BASE}/system/accounts/avatars/110/512/345/678/901/234/original/avatar.png",
    "header": SERVER + "/headers/original/missing.png",
    "header_static": SERVER + "/headers/original/missing.png",
    "followers_count": 1873, "following_count": 41, "statuses_count": 13,
    "last_status_at": "2026-03-02", "hide_collections": False, "noindex": False,
    "emojis": [], "roles": [],
    "fields": [{"name": "Webbplats", "value": "<a href=\"https://www.exempelby.se\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span class=\"invisible\">https://www.</span><span class=\"\">exempelby.se</span><span class=\"invisible\"></span></a>", "verified_at": None}],
}


def person(local_id, user, server, name):
    return {
        "id": local_id, "username": user, "acct": user + "@" + server,
        "display_name": name, "locked": False, "bot": False, "discoverable": True,
        "indexable": False, "group": False, "created_at": "2024-05-01T00:00:00.000Z",
        "note": "", "url": "https://%s/@%s" % (server, user),
        "uri": "https://%s/users/%s" % (server, user),
        "avatar": SERVER + "/avatars/original/missing.png",
        "avatar_static": SERVER + "/avatars/original/missing.png",
        "header": SERVER + "/headers/original/missing.png",
        "header_static": SERVER + "/headers/original/missing.png",
        "followers_count": 12, "following_count": 30, "statuses_count": 88,
        "last_status_at": "2026-03-01", "hide_collections": None, "emojis": [], "fields": [],
    }


LISA = person("112000000000000101", "lisa_b", "toot.exempel.example", "Lisa Berg")
KARIN = person("112000000000000102", "karin_l", "mastodon.exempel.example", "Karin Lund")
SVEN = person("112000000000000103", "sven_k", "toot.exempel.example", "Sven Karlsson")
JOHAN = person("112000000000000104", "johan_n", "toot.exempel.example", "Johan Nilsson")
MARIA = person("112000000000000105", "maria_l", "mastodon.exempel.example", "Maria Lind")
OLA = person("112000000000000106", "ola_p", "toot.exempel.example", "Ola Persson")
PER = person("112000000000000107", "per_s", "toot.exempel.example", "Per Svensson")
ELSA = person("112000000000000108", "elsa_w", "toot.exempel.example", "Elsa Wik")
KRIS = person("112000000000000109", "krisinfo", "krisinfo.example", "Krisinformation")
REGION = person("112000000000000110", "regionen", "social.region-exempel.example", "Region Exempel")


def ms(t):
    """2026-01-12T06:45:00Z as Mastodon writes it: 2026-01-12T06:45:00.000Z."""
    return t[:19] + ".000Z" if t else None


def status(sid, uri, created, content, account, *, url=None, reply_to=None, reply_account=None,
           visibility="public", spoiler="", sensitive=False, edited=None, media=(), replies=0,
           reblog=None, mentions=()):
    return {
        "id": sid, "created_at": ms(created), "in_reply_to_id": reply_to,
        "in_reply_to_account_id": reply_account, "sensitive": sensitive,
        "spoiler_text": spoiler, "visibility": visibility,
        "language": None if reblog else "sv", "uri": uri,
        "url": None if reblog else (url or uri), "replies_count": replies,
        "reblogs_count": 0 if reblog else 3, "favourites_count": 0 if reblog else 7,
        "edited_at": ms(edited), "content": "" if reblog else content, "filtered": [],
        "reblog": reblog,
        "application": None if account is not ACCOUNT else {"name": "Web", "website": None},
        "account": account, "media_attachments": list(media),
        "mentions": list(mentions), "tags": [], "emojis": [], "card": None, "poll": None,
    }


def medium(mid, path, description):
    return {
        "id": mid, "type": "image",
        "url": "{BASE}/system/" + path,
        "preview_url": "{BASE}/system/" + path.replace("/original/", "/small/"),
        "remote_url": None, "preview_remote_url": None, "text_url": None,
        "meta": {"original": {"width": 48, "height": 32, "size": "48x32", "aspect": 1.5},
                 "small": {"width": 48, "height": 32, "size": "48x32", "aspect": 1.5}},
        "description": description, "blurhash": "L04WrbfQfQfQfQfQfQfQfQfQfQfQ",
    }


def load(version):
    path = os.path.join(HERE, "..", "exempelby-mastodon-%s" % version, "outbox.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)["orderedItems"]


def local(uri):
    return uri.rstrip("/").split("/")[-2 if uri.endswith("/activity") else -1]


def own_statuses(version):
    """The export's activities as the API gives the account's statuses, newest first."""
    out = []
    reblogged = {
        "https://krisinfo.example/users/krisinfo/statuses/115859757465600777": status(
            "115859758000000777", "https://krisinfo.example/users/krisinfo/statuses/115859757465600777",
            "2026-01-08T14:50:00Z", "<p>Varning för halka i hela länet under natten.</p>", KRIS,
            url="https://krisinfo.example/@krisinfo/115859757465600777"),
        "https://social.region-exempel.example/users/regionen/statuses/116125040640000909": status(
            "116125041000000909",
            "https://social.region-exempel.example/users/regionen/statuses/116125040640000909",
            "2026-02-24T10:05:00Z", "<p>Vaccinationsbussen kommer till Exempelby 3 mars.</p>", REGION,
            url="https://social.region-exempel.example/@regionen/116125040640000909"),
    }
    parents = {
        "https://toot.exempel.example/users/johan_n/statuses/115881286828032031": ("115881287000000010", JOHAN),
        "https://mastodon.exempel.example/users/maria_l/statuses/116006625607680052": ("116006626000000020", MARIA),
    }
    replies = {"115880774860804102": 3, "116006994575364107": 1, "116090811187204111": 1}
    if version == "v2":
        replies["115880774860804102"] = 2
        replies["116237913292804114"] = 1
    for a in load(version):
        if a["type"] == "Announce":
            inner = reblogged[a["object"]]
            out.append(status(local(a["id"]), a["id"], a["published"], "", ACCOUNT, reblog=inner))
            continue
        o = a["object"]
        to = o.get("to", []) + o.get("cc", [])
        direct = not any(x.endswith("#Public") or x.endswith("/followers") for x in to)
        media = []
        for i, att in enumerate(o.get("attachment", [])):
            path = att["url"][att["url"].index("media_attachments/"):]
            media.append(medium("%s%02d" % (local(o["id"])[:-2], i + 1), path, att.get("name")))
        reply_to = reply_acc = None
        if o.get("inReplyTo"):
            reply_to, who = parents[o["inReplyTo"]]
            reply_acc = who["id"]
        out.append(status(local(o["id"]), o["id"], o["published"], o["content"], ACCOUNT,
                          url=o.get("url"), reply_to=reply_to, reply_account=reply_acc,
                          visibility="direct" if direct else "public", spoiler=o.get("summary") or "",
                          sensitive=o.get("sensitive", False), edited=o.get("updated"), media=media,
                          replies=replies.get(local(o["id"]), 0)))
    out.reverse()
    return out


def remote(sid, who, rid, created, content, reply_to, reply_acc, visibility="public"):
    server = who["acct"].split("@")[1]
    uri = "https://%s/users/%s/statuses/%s" % (server, who["username"], rid)
    return status(sid, uri, created, content, who, url="https://%s/@%s/%s" % (server, who["username"], rid),
                  reply_to=reply_to, reply_account=reply_acc, visibility=visibility)


def write(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))


def by_id(statuses):
    return {s["id"]: s for s in statuses}


def main():
    os.makedirs(OUT, exist_ok=True)
    write("account.json", ACCOUNT)
    acc = ACCOUNT_ID
    lisa = remote("115892206000000001", LISA, "115892205846533101", "2026-01-14T07:12:03Z",
                  "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://social.exempelby.se/@exempelby\" class=\"u-url mention\">@<span>exempelby</span></a></span> Klagomål: Björkvägen har inte plogats på tre dagar.</p>",
                  "115880774860804102", acc)
    karin = remote("115893000500000002", KARIN, "115893000000000201", "2026-01-14T09:30:00Z",
                   "<p>Tack för snabb plogning på Ekvägen!</p>", "115880774860804102", acc)
    sven = remote("115893100500000003", SVEN, "115893100000000301", "2026-01-14T10:02:44Z",
                  "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://toot.exempel.example/@lisa_b\" class=\"u-url mention\">@<span>lisa_b</span></a></span> Samma sak på Lindvägen.</p>",
                  lisa["id"], LISA["id"])
    johan = remote("115881287000000010", JOHAN, "115881286828032031", "2026-01-12T09:02:13Z",
                   "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://social.exempelby.se/@exempelby\" class=\"u-url mention\">@<span>exempelby</span></a></span> Är Ekbacksvägen plogad?</p>", None, None)
    maria = remote("116006626000000020", MARIA, "116006625607680052", "2026-02-03T12:10:00Z",
                   "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://social.exempelby.se/@exempelby\" class=\"u-url mention\">@<span>exempelby</span></a></span> Lampan på Skolgatan är trasig sedan en vecka.</p>", None, None)
    maria2 = remote("116007000500000021", MARIA, "116007000000000099", "2026-02-03T14:01:00Z",
                    "<p>Tack för beskedet!</p>", "116006994575364107", acc)
    ola = remote("116091000500000030", OLA, "116091000000000031", "2026-02-18T10:12:00Z",
                 "<p>Var finns planhandlingarna på webben?</p>", "116090811187204111", acc)
    elsa = remote("116238000500000040", ELSA, "116238000000000041", "2026-03-16T09:05:00Z",
                  "<p>Hur gammal måste man vara för att söka?</p>", "116237913292804114", acc)
    per = remote("116007400500000041", PER, "116007400000000041", "2026-02-03T16:20:00Z",
                 "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://social.exempelby.se/@exempelby\" class=\"u-url mention\">@<span>exempelby</span></a></span> Tack, jag gör så.</p>",
                 "116007312359428108", acc, visibility="direct")

    for version in ("v1", "v2"):
        own = own_statuses(version)
        ids = by_id(own)
        public = [s for s in own if s["visibility"] != "direct"]
        # three pages of the public statuses and an empty fourth, as Mastodon pages by max_id
        cuts = [public[:5], public[5:9], public[9:], []]
        for n, page in enumerate(cuts, 1):
            write("%s-statuses-%d.json" % (version, n), page)
            if n < len(cuts):
                last = page[-1]["id"]
                with open(os.path.join(OUT, "%s-statuses-%d.link" % (version, n)), "w") as f:
                    f.write("Link: <{BASE}/api/v1/accounts/%s/statuses?limit=40&max_id=%s>; rel=\"next\", "
                            "<{BASE}/api/v1/accounts/%s/statuses?limit=40&min_id=%s>; rel=\"prev\"\n"
                            % (acc, last, acc, page[0]["id"] if page else "0"))
        # with the owner's token the direct message is listed too
        write("%s-statuses-all.json" % version, own)
        snow = ids["115880774860804102"]
        write("%s-context-115880774860804102.json" % version, {
            "ancestors": [], "descendants": [lisa, karin] + ([sven] if version == "v1" else [])})
        write("%s-context-115881430220804103.json" % version, {"ancestors": [johan], "descendants": []})
        write("%s-context-116006994575364107.json" % version, {"ancestors": [maria], "descendants": [maria2]})
        write("%s-context-116090811187204111.json" % version, {"ancestors": [], "descendants": [ola]})
        if version == "v2":
            write("v2-context-116237913292804114.json", {"ancestors": [], "descendants": [elsa]})
        del snow
    # the edits of the library post (edited before both exports) and of the water post (in v2)
    lib = by_id(own_statuses("v1"))["115921649991684104"]
    lib_before = lib["content"].replace("Måndag–torsdag 10–19", "Måndag–torsdag 10–18")
    write("history-115921649991684104.json", [
        {"content": lib_before, "spoiler_text": "", "sensitive": False,
         "created_at": lib["created_at"], "account": ACCOUNT, "poll": None,
         "media_attachments": lib["media_attachments"], "emojis": []},
        {"content": lib["content"], "spoiler_text": "", "sensitive": False,
         "created_at": lib["edited_at"], "account": ACCOUNT, "poll": None,
         "media_attachments": lib["media_attachments"], "emojis": []}])
    w1 = by_id(own_statuses("v1"))["116159781273604113"]
    w2 = by_id(own_statuses("v2"))["116159781273604113"]
    write("history-116159781273604113.json", [
        {"content": w1["content"], "spoiler_text": "", "sensitive": False,
         "created_at": w1["created_at"], "account": ACCOUNT, "poll": None,
         "media_attachments": [], "emojis": []},
        {"content": w2["content"], "spoiler_text": "", "sensitive": False,
         "created_at": w2["edited_at"], "account": ACCOUNT, "poll": None,
         "media_attachments": [], "emojis": []}])
    # the direct conversation, seen with the owner's token
    dm = by_id(own_statuses("v1"))["116007312359428108"]
    write("conversations-1.json", [{"id": "4821", "unread": False, "accounts": [PER],
                                    "last_status": per}])
    write("context-116007400500000041.json", {"ancestors": [dm], "descendants": []})
    write("context-116007312359428108.json", {"ancestors": [], "descendants": [per]})
    # what the server says of a status that is gone, of a token that is not good, of a limit
    write("not-found.json", {"error": "Record not found"})
    write("gone.json", {"error": "Record not found"})
    write("invalid-token.json", {"error": "The access token is invalid"})
    write("rate-limited.json", {"error": "Too many requests"})
    write("status-sven.json", sven)
    write("status-lisa.json", lisa)
    with open(os.path.join(OUT, "rate-limit.headers"), "w") as f:
        f.write("X-RateLimit-Limit: 300\nX-RateLimit-Remaining: 0\n"
                "X-RateLimit-Reset: 2026-03-16T12:05:00.000Z\n")
    with open(os.path.join(OUT, "server-error.html"), "w") as f:
        f.write("<html><body><h1>We're sorry, but something went wrong.</h1></body></html>\n")
    rules()


MEDIA = ["111/222/333/444/555/666/original/9eaf57777b7f5f47.png",
         "111/222/333/444/555/777/original/681a0dee4f3bdaf9.png"]


def rules():
    """The replay server's rules of each scene (see tests/replay-server.c)."""
    acc = ACCOUNT_ID
    for version in ("v1", "v2"):
        lines = ["# %s: the account's public statuses as in the export %s, with their threads"
                 % (version, version),
                 "GET /api/v1/accounts/lookup?acct=exempelby@social.exempelby.se 200 account.json",
                 "GET /api/v1/accounts/%s 200 account.json" % acc]
        public = [s for s in own_statuses(version) if s["visibility"] != "direct"]
        first = "GET /api/v1/accounts/%s/statuses?limit=40" % acc
        cuts = [public[:5], public[5:9], public[9:], []]
        for n in range(1, 5):
            target = first if n == 1 else first + "&max_id=" + cuts[n - 2][-1]["id"]
            link = " headers=%s-statuses-%d.link" % (version, n) if n < 4 else ""
            lines.append("%s 200 %s-statuses-%d.json%s" % (target, version, n, link))
        for sid in ("115880774860804102", "115881430220804103", "116006994575364107",
                    "116090811187204111") + (("116237913292804114",) if version == "v2" else ()):
            lines.append("GET /api/v1/statuses/%s/context 200 %s-context-%s.json" % (sid, version, sid))
        lines.append("GET /api/v1/statuses/115921649991684104/history 200 history-115921649991684104.json")
        if version == "v2":
            lines.append("GET /api/v1/statuses/116159781273604113/history 200 history-116159781273604113.json")
            lines.append("# deleted since v1: the account's post, and a reply in its thread")
            lines.append("GET /api/v1/statuses/116063679283204110 404 not-found.json")
            lines.append("GET /api/v1/statuses/115893100500000003 410 gone.json")
        for m in MEDIA:
            lines.append("GET /system/media_attachments/files/%s 200 ../../exempelby-mastodon-v1/"
                         "media_attachments/files/%s" % (m, m))
        with open(os.path.join(OUT, version + ".rules"), "w") as f:
            f.write("\n".join(lines) + "\n")
    lines = ["# with the owner's token (need=): the direct message and its conversation too",
             "GET /api/v1/accounts/%s 200 account.json need=Authorization:Bearer" % acc,
             "GET /api/v1/accounts/%s/statuses?limit=40 200 v1-statuses-all.json "
             "need=Authorization:Bearer" % acc,
             "GET /api/v1/conversations?limit=40 200 conversations-1.json need=Authorization:Bearer",
             "GET /api/v1/statuses/116007400500000041/context 200 context-116007400500000041.json "
             "need=Authorization:Bearer",
             "GET /api/v1/statuses/116007312359428108/context 200 context-116007312359428108.json "
             "need=Authorization:Bearer"]
    for sid in ("115880774860804102", "115881430220804103", "116006994575364107", "116090811187204111"):
        lines.append("GET /api/v1/statuses/%s/context 200 v1-context-%s.json" % (sid, sid))
    lines.append("GET /api/v1/statuses/115921649991684104/history 200 history-115921649991684104.json")
    for m in MEDIA:
        lines.append("GET /system/media_attachments/files/%s 200 ../../exempelby-mastodon-v1/"
                     "media_attachments/files/%s" % (m, m))
    lines.append("# a token the server does not know")
    lines.append("GET * 401 invalid-token.json")
    with open(os.path.join(OUT, "token.rules"), "w") as f:
        f.write("\n".join(lines) + "\n")


main()
