#!/usr/bin/env python3
"""Write the recorded answers of the Graph API (v21.0) for the fetch tests: a
Facebook Page's feed, with comments and replies nested, and the media of the
Instagram professional account the Page has, with comments and replies.
Deterministic: run it only to change the fixtures (then update ../README.md and
tests/e2e/t1420-fetch-facebook.sh). Shaped as the Graph API answers: compact
JSON, "+0000" times, paging links that carry the access token, as Facebook's
do. "{BASE}" stands for the replay server's root; TOKEN is the Page access
token of the tests (tests/e2e/t1420-fetch-facebook.sh)."""
import json, os, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = "104729384756102"
IG = "17841400000000001"
TOKEN = "EAAGExempelbyPageToken0000000000000000000000000001"
PAGE_NAME = "Exempelby kommun"
FEED_FIELDS = ("id,message,story,created_time,updated_time,from{id,name},permalink_url,parent_id,"
               "attachments{type,url,unshimmed_url,title,description,media,subattachments},"
               "comments.filter(stream).order(reverse_chronological).limit(100)"
               "{id,message,created_time,from{id,name},parent{id},attachment,permalink_url}")
MEDIA_FIELDS = ("id,caption,media_type,media_url,permalink,thumbnail_url,timestamp,username,"
                "children{id,media_type,media_url,thumbnail_url},"
                "comments.limit(50){id,text,timestamp,username,from{id,username},"
                "replies{id,text,timestamp,username,from{id,username}}}")
ME = {"name": PAGE_NAME, "id": PAGE}
LISA = {"name": "Lisa Berg", "id": "7001000000000001"}
KARIN = {"name": "Karin Lund", "id": "7001000000000002"}
OLA = {"name": "Ola Persson", "id": "7001000000000003"}


def write(folder, name, value):
    with open(os.path.join(HERE, folder, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))


def nxt(path, fields, after):
    q = urllib.parse.urlencode({"access_token": TOKEN, "fields": fields, "limit": 25, "after": after})
    return "{BASE}/v21.0/%s?%s" % (path, q)


def comment(cid, who, text, t, parent=None, attachment=None):
    c = {"id": cid, "message": text, "created_time": t, "from": who,
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/%s?comment_id=%s" % (cid.split("_")[0], cid.split("_")[1])}
    if parent:
        c["parent"] = {"id": parent}
    if attachment:
        c["attachment"] = attachment
    return c


def post(pid, t, message=None, updated=None, comments=None, comments_next=None, attachments=None,
         story=None, parent=None):
    p = {"id": "%s_%s" % (PAGE, pid), "created_time": t, "updated_time": updated or t, "from": ME,
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/%s" % pid}
    if message is not None:
        p["message"] = message
    if story:
        p["story"] = story
    if parent:
        p["parent_id"] = parent
    if attachments:
        p["attachments"] = {"data": attachments}
    if comments is not None:
        p["comments"] = {"data": comments}
        if comments:
            p["comments"]["paging"] = {"cursors": {"before": "QVFIUmNvbW1lbnQx", "after": "QVFIUmNvbW1lbnQy"}}
        if comments_next:
            p["comments"]["paging"]["next"] = comments_next
    return p


def facebook():
    os.makedirs(os.path.join(HERE, "facebook"), exist_ok=True)
    write("facebook", "me.json", ME)
    photo = {"media": {"image": {"height": 32, "src": "{BASE}/v/t39.30808-6/1001_2002_n_1001.jpg?_nc_cat=1&oh=00_Exempel&oe=67E1"},
                       }, "type": "photo", "url": "https://www.facebook.com/photo.php?fbid=1001",
             "title": None}
    del photo["title"]
    lisa = comment("5010_6001", LISA, "Klagomål: Björkvägen har inte plogats på tre dagar.", "2025-03-10T08:02:00+0000")
    svar = comment("5010_6002", ME, "Tack Lisa, vi har skickat det vidare till gatuenheten.", "2025-03-10T08:30:00+0000",
                   parent="5010_6001")
    karin = comment("5002_6101", KARIN, "Tack för snabb plogning!", "2025-01-15T07:10:00+0000")
    ola = comment("5002_6102", OLA, "Här är det fortfarande ett isigt.", "2025-01-15T07:45:00+0000",
                  attachment={"media": {"image": {"height": 32, "src": "{BASE}/v/t39.30808-6/7003_isgata_n.jpg?_nc_cat=2"}},
                              "type": "photo", "url": "https://www.facebook.com/photo.php?fbid=7003"})
    older = comment("5002_6103", LISA, "Vilken dag plogas Lindvägen?", "2025-01-15T07:05:00+0000")
    water1 = "Vattenavstängning på Storgatan 10–24 onsdag 12 mars kl. 08.00–12.00."
    water2 = "Vattenavstängning på Storgatan 10–24 onsdag 12 mars kl. 08.00–15.00. Uppdatering: arbetet tar längre tid."
    link = {"type": "share", "title": "Detaljplan Norrby 2:14", "unshimmed_url": "https://www.exempelby.se/norrby",
            "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.exempelby.se%2Fnorrby",
            "media": {"image": {"height": 32, "src": "{BASE}/v/t39.30808-6/link_preview_77.jpg"}}}
    for scene in ("s1", "s2"):
        water = post("5010", "2025-03-10T07:15:00+0000", water1 if scene == "s1" else water2,
                     updated="2025-03-10T08:30:00+0000" if scene == "s1" else "2025-03-11T09:40:00+0000",
                     comments=[svar, lisa])
        snow = post("5002", "2025-01-15T06:30:00+0000", "Snöröjning pågår i hela kommunen.",
                    updated="2025-01-15T07:45:00+0000", attachments=[photo], comments=[ola, karin],
                    comments_next=nxt(PAGE + "_5002/comments",
                                      "id,message,created_time,from{id,name},parent{id},attachment,permalink_url",
                                      "QVFIUmNvbW1lbnQy"))
        share = post("5005", "2025-03-01T09:10:00+0000", story="Exempelby kommun delade ett inlägg.",
                     parent="209876543210987_8001", comments=[])
        weekend = post("5007", "2025-03-07T14:00:00+0000", "Trevlig helg önskar vi på Exempelby kommun!", comments=[])
        plan = post("5003", "2025-02-03T12:00:00+0000", "Samråd om detaljplanen för Norrby 2:14 (KS 2025/123).",
                    attachments=[link], comments=[])
        first = [water, weekend, share] if scene == "s1" else [water, share]
        write("facebook", "%s-feed-1.json" % scene, {"data": first, "paging": {
            "cursors": {"before": "QVFIUjE", "after": "QVFIUjI"},
            "next": nxt(PAGE + "/feed", FEED_FIELDS, "QVFIUjI")}})
        write("facebook", "%s-feed-2.json" % scene, {"data": [plan, snow], "paging": {
            "cursors": {"before": "QVFIUjM", "after": "QVFIUjQ"}}})
    write("facebook", "comments-5002.json", {"data": [older], "paging": {"cursors": {"before": "QVFIUmNvbW1lbnQz",
                                                                                        "after": "QVFIUmNvbW1lbnQ0"}}})
    write("facebook", "does-not-exist.json", {"error": {
        "message": "Unsupported get request. Object with ID '%s_5007' does not exist, cannot be loaded due to "
                   "missing permissions, or does not support this operation. Please read the Graph API "
                   "documentation at https://developers.facebook.com/docs/graph-api" % PAGE,
        "type": "GraphMethodException", "code": 100, "error_subcode": 33, "fbtrace_id": "AExempelbyTrace01"}})
    write("facebook", "expired.json", {"error": {
        "message": "Error validating access token: Session has expired on Tuesday, 11-Mar-25 09:00:00 PDT. "
                   "The current time is Wednesday, 12-Mar-25 01:00:00 PDT.",
        "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AExempelbyTrace02"}})
    with open(os.path.join(HERE, "facebook", "usage.headers"), "w") as f:
        f.write('X-App-Usage: {"call_count":12,"total_cputime":3,"total_time":4}\n'
                'X-Business-Use-Case-Usage: {"%s":[{"type":"pages","call_count":8,"total_cputime":2,'
                '"total_time":3,"estimated_time_to_regain_access":0}]}\n' % PAGE)
    with open(os.path.join(HERE, "facebook", "usage-full.headers"), "w") as f:
        f.write('X-App-Usage: {"call_count":41,"total_cputime":9,"total_time":12}\n'
                'X-Business-Use-Case-Usage: {"%s":[{"type":"pages","call_count":100,"total_cputime":27,'
                '"total_time":35,"estimated_time_to_regain_access":5}]}\n' % PAGE)
    for name, data in (("1001_2002_n_1001.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00Exempelby sno\xff\xd9"),
                       ("7003_isgata_n.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00Exempelby is\xff\xd9")):
        with open(os.path.join(HERE, "facebook", name), "wb") as f:
            f.write(data)
    feed = "GET /v21.0/%s/feed?fields=%s&limit=25" % (PAGE, FEED_FIELDS)
    for scene in ("s1", "s2"):
        lines = ["# %s: the Page's feed, comments nested (see ../README.md)" % scene,
                 "GET /v21.0/me?fields=id,name 200 me.json need=Authorization:Bearer",
                 feed + "&after=QVFIUjI 200 %s-feed-2.json need=Authorization:Bearer" % scene,
                 feed + " 200 %s-feed-1.json headers=usage.headers need=Authorization:Bearer" % scene,
                 "GET /v21.0/%s_5002/comments?* 200 comments-5002.json need=Authorization:Bearer" % PAGE,
                 "GET /v/t39.30808-6/1001_2002_n_1001.jpg?* 200 1001_2002_n_1001.jpg",
                 "GET /v/t39.30808-6/7003_isgata_n.jpg?* 200 7003_isgata_n.jpg"]
        if scene == "s2":
            lines.append("GET /v21.0/%s_5007?fields=id 400 does-not-exist.json" % PAGE)
        with open(os.path.join(HERE, "facebook", scene + ".rules"), "w") as f:
            f.write("\n".join(lines) + "\n")


def instagram():
    os.makedirs(os.path.join(HERE, "instagram"), exist_ok=True)
    write("instagram", "me.json", {"id": PAGE, "name": PAGE_NAME, "instagram_business_account": {"id": IG}})

    def ig_comment(cid, user, uid, text, t, replies=None):
        c = {"timestamp": t, "text": text, "id": cid, "username": user, "from": {"id": uid, "username": user}}
        if replies is not None:
            c["replies"] = {"data": replies}
        return c

    def medium(mid, t, caption, kind, url=None, children=None, comments=None):
        m = {"id": mid, "caption": caption, "media_type": kind,
             "permalink": "https://www.instagram.com/p/Exempel%s/" % mid[-4:], "timestamp": t,
             "username": "exempelbykommun"}
        if url:
            m["media_url"] = url
        if kind == "VIDEO":
            m["thumbnail_url"] = "{BASE}/ig/%s_thumb.jpg" % mid
        if children:
            m["children"] = {"data": children}
        if comments is not None:
            m["comments"] = {"data": comments}
        return m

    svar = ig_comment("17900000000000201", "exempelbykommun", IG, "@asa_oberg Ja, från kl. 11!", "2026-03-20T09:15:00+0000")
    asa = ig_comment("17900000000000101", "asa_oberg", "17841400000000777", "Är biblioteket öppet på lördag?",
                     "2026-03-20T08:40:00+0000", replies=[svar])
    lib1 = "Bibliotekets nya öppettider: 10–18 vardagar, 11–15 lördagar."
    lib2 = "Bibliotekets nya öppettider: 10–19 vardagar, 11–15 lördagar."
    for scene in ("s1", "s2"):
        lib = medium("17918195224117851", "2026-02-16T09:00:00+0000", lib1 if scene == "s1" else lib2, "IMAGE",
                     url="{BASE}/ig/17918195224117851.jpg?_nc_cat=1", comments=[asa])
        walk = medium("17918195224117852", "2026-03-20T07:30:00+0000", "Vårpromenad i Norrby.", "CAROUSEL_ALBUM",
                      url="{BASE}/ig/17918195224117853.jpg?_nc_cat=1", children=[
                          {"id": "17918195224117853", "media_type": "IMAGE", "media_url": "{BASE}/ig/17918195224117853.jpg?_nc_cat=1"},
                          {"id": "17918195224117854", "media_type": "IMAGE", "media_url": "{BASE}/ig/17918195224117854.jpg?_nc_cat=1"}],
                      comments=[])
        helg = medium("17918195224117855", "2026-03-06T15:00:00+0000", "Trevlig helg!", "IMAGE",
                      url="{BASE}/ig/17918195224117855.jpg?_nc_cat=1", comments=[])
        data = [walk, lib, helg] if scene == "s1" else [walk, lib]
        write("instagram", "%s-media.json" % scene, {"data": data, "paging": {"cursors": {"before": "QVFIUmlnMQ",
                                                                                           "after": "QVFIUmlnMg"}}})
    for name in ("17918195224117851", "17918195224117853", "17918195224117854", "17918195224117855"):
        with open(os.path.join(HERE, "instagram", name + ".jpg"), "wb") as f:
            f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00Exempelby " + name.encode() + b"\xff\xd9")
    write("instagram", "does-not-exist.json", {"error": {
        "message": "Unsupported get request. Object with ID '17918195224117855' does not exist, cannot be loaded "
                   "due to missing permissions, or does not support this operation.",
        "type": "GraphMethodException", "code": 100, "error_subcode": 33, "fbtrace_id": "AExempelbyTrace03"}})
    for scene in ("s1", "s2"):
        lines = ["# %s: the Instagram account's media, comments and replies nested" % scene,
                 "GET /v21.0/me?fields=id,name,instagram_business_account 200 me.json need=Authorization:Bearer",
                 "GET /v21.0/%s/media?fields=%s&limit=25 200 %s-media.json need=Authorization:Bearer"
                 % (IG, MEDIA_FIELDS, scene)]
        for name in ("17918195224117851", "17918195224117853", "17918195224117854", "17918195224117855"):
            lines.append("GET /ig/%s.jpg?* 200 %s.jpg" % (name, name))
        if scene == "s2":
            lines.append("GET /v21.0/17918195224117855?fields=id 400 does-not-exist.json")
        with open(os.path.join(HERE, "instagram", scene + ".rules"), "w") as f:
            f.write("\n".join(lines) + "\n")


facebook()
instagram()
