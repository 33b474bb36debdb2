#!/usr/bin/env python3
# Writes the fictional "Exempelby kommun" fixtures of tests/data/ (two Mastodon
# exports of one account and a canonical NDJSON file of visitors' comments).
# The output is committed; run this only to change the fixtures, then update
# tests/data/README.md, whose counts the tests assert.
import hashlib
import json
import os
import shutil
import struct
import sys
import zlib
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
HOST = "social.exempelby.se"
ACTOR = f"https://{HOST}/users/exempelby"
FOLLOWERS = f"{ACTOR}/followers"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
MEDIA_PREFIX = "/exempelby/"

PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA8F8l7iH2OOojIj+m2/wG
57Nr3TM1Zt8QVswtlYSiEs0ZiZ+s+IhygakU1MO6xIIa/gHXyVJG/7QcpJt4ag7i
p8gJLMVoDrNHztwsx9JkOoqdiEwByJ+gU1BKU3n5BT+fe4HTXxcSHTNvMqFoJ3jN
fuhJR/abuJc8LMMHHIUhpdwN1YyvBDmdCHDu4/rZkesq+HtJzwlyWjnbuLrqB6VP
P8bk5GDjrnoa0kKVlSywi9UkGL16ltw8tRXEMqAx8kfM20vxCnVTYhgtceYn/t4A
GQAjqXmhjx1WqqQFVNk2ixOi7KzyZcDsg3+uFUHZkKG6lbw5HLaMjZn8zN6mBSUZ
HQIDAQAB
-----END PUBLIC KEY-----
"""


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def snowflake(when, low):
    """A Mastodon status id: milliseconds since the epoch, shifted 16 bits."""
    t = datetime.fromisoformat(when.replace("Z", "+00:00"))
    return str((int(t.timestamp()) * 1000 << 16) | (low & 0xFFFF))


# --- PNG and blurhash ------------------------------------------------------

def png(width, height, pixel):
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(tag, data):
        c = tag + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\x00Exempelby kommun, testdata")
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


B83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


def b83(value, length):
    return "".join(B83[(value // 83 ** (length - i - 1)) % 83] for i in range(length))


def blurhash_flat(rgb):
    """The blurhash (4x3 components) of a one-colour image: no AC energy."""
    r, g, b = rgb
    return b83(3 + 2 * 9, 1) + b83(0, 1) + b83((r << 16) + (g << 8) + b, 4) + b83(9 * 361 + 9 * 19 + 9, 2) * 11


def snow_map(x, y):       # blue ground, white roads
    return (240, 244, 250) if y % 8 in (0, 1) or x % 12 in (0, 1) else (38, 84, 160)


def library_sign(x, y):   # green sign with pale text lines
    return (236, 230, 200) if 6 <= x < 42 and y % 6 in (2, 3) and 4 <= y < 28 else (32, 110, 64)


def avatar(x, y):         # the municipality's red and yellow shield
    return (250, 200, 40) if abs(x - 16) + abs(y - 16) < 9 else (180, 30, 40)


IMG_PLOG = png(48, 32, snow_map)
IMG_BIBL = png(48, 32, library_sign)
IMG_AVATAR = png(32, 32, avatar)
HEX_PLOG = hashlib.sha256(IMG_PLOG).hexdigest()[:16]
HEX_BIBL = hashlib.sha256(IMG_BIBL).hexdigest()[:16]
PATH_PLOG = f"media_attachments/files/111/222/333/444/555/666/original/{HEX_PLOG}.png"
PATH_BIBL = f"media_attachments/files/111/222/333/444/555/777/original/{HEX_BIBL}.png"


# --- HTML the way Mastodon writes it ---------------------------------------

def link(url):
    scheme, rest = url.split("://", 1)
    head = scheme + "://"
    if rest.startswith("www."):
        head += "www."
        rest = rest[4:]
    if len(rest) > 30:
        shown = f'<span class="ellipsis">{rest[:30]}</span><span class="invisible">{rest[30:]}</span>'
    else:
        shown = f'<span class="">{rest}</span><span class="invisible"></span>'
    return (f'<a href="{url}" target="_blank" rel="nofollow noopener noreferrer" translate="no">'
            f'<span class="invisible">{head}</span>{shown}</a>')


def mention(profile, user):
    return (f'<span class="h-card" translate="no"><a href="{profile}" class="u-url mention">'
            f'@<span>{user}</span></a></span>')


def hashtag(name):
    return f'<a href="https://{HOST}/tags/{name}" class="mention hashtag" rel="tag">#<span>{name}</span></a>'


# --- the account's activities -----------------------------------------------

CONV = [20000]


def note(when, low, content, *, summary=None, reply_to=None, to=None, cc=None,
         updated=None, attachments=(), tags=(), conversation=None):
    sid = snowflake(when, low)
    nid = f"{ACTOR}/statuses/{sid}"
    to = to if to is not None else [PUBLIC]
    cc = cc if cc is not None else [FOLLOWERS]
    if conversation is None:
        CONV[0] += 37
        conversation = f"tag:{HOST},{when[:10]}:objectId={CONV[0]}:objectType=Conversation"
    obj = {
        "id": nid, "type": "Note", "summary": summary, "inReplyTo": reply_to,
        "published": when, "url": f"https://{HOST}/@exempelby/{sid}",
        "attributedTo": ACTOR, "to": to, "cc": cc, "sensitive": summary is not None,
        "atomUri": nid, "inReplyToAtomUri": reply_to, "conversation": conversation,
        "content": content, "contentMap": {"sv": content},
    }
    if updated:
        obj["updated"] = updated
    obj["attachment"] = [dict(a) for a in attachments]
    obj["tag"] = list(tags)
    obj["replies"] = {
        "id": f"{nid}/replies", "type": "Collection",
        "first": {"type": "CollectionPage",
                  "next": f"{nid}/replies?only_other_accounts=true&page=true",
                  "partOf": f"{nid}/replies", "items": []}}
    act = {"id": f"{nid}/activity", "type": "Create", "actor": ACTOR,
           "published": when, "to": to, "cc": cc, "object": obj}
    return act


def announce(when, low, target, author):
    sid = snowflake(when, low)
    return {"id": f"{ACTOR}/statuses/{sid}/activity", "type": "Announce", "actor": ACTOR,
            "published": when, "to": [PUBLIC], "cc": [author, FOLLOWERS], "object": target}


def image(path, name, rgb):
    return {"type": "Document", "mediaType": "image/png", "url": MEDIA_PREFIX + path,
            "name": name, "blurhash": blurhash_flat(rgb), "focalPoint": [0.0, 0.0],
            "width": 48, "height": 32}


JOHAN = "https://toot.exempel.example/users/johan_n"
MARIA = "https://mastodon.exempel.example/users/maria_l"
PER = "https://toot.exempel.example/users/per_s"
KRISINFO = "https://krisinfo.example/users/krisinfo"
REGION = "https://social.region-exempel.example/users/regionen"
KRIS_POST = f"{KRISINFO}/statuses/{snowflake('2026-01-08T13:40:00Z', 777)}"
REGION_POST = f"{REGION}/statuses/{snowflake('2026-02-24T10:05:00Z', 909)}"

A1 = announce("2026-01-08T15:02:11Z", 4101, KRIS_POST, KRISINFO)

P1 = note("2026-01-12T06:45:00Z", 4102,
          "<p>Snöröjning pågår i hela kommunen. Vi plogar först huvudgator, busslinjer och "
          "gång- &amp; cykelvägar till skolor, sedan bostadsgator. Det kan ta upp till tre dygn "
          "innan alla gator är klara.</p>"
          f"<p>Här ser du var plogbilarna har varit: {link('https://www.exempelby.se/snorojning')}</p>"
          f"<p>{hashtag('plogning')}</p>",
          attachments=[image(PATH_PLOG, "Karta över Exempelby där plogade gator är markerade "
                             "med vitt och gator som återstår med blått.", (38, 84, 160))],
          tags=[{"type": "Hashtag", "href": f"https://{HOST}/tags/plogning", "name": "#plogning"}])

JOHAN_POST = f"{JOHAN}/statuses/{snowflake('2026-01-12T08:55:12Z', 31)}"
R1 = note("2026-01-12T09:31:40Z", 4103,
          f"<p>{mention('https://toot.exempel.example/@johan_n', 'johan_n')} Hej Johan! "
          "Ekbacksvägen ligger i plogområde 3 och ska vara plogad i kväll. Hör av dig igen "
          "om det inte blir så.</p>",
          reply_to=JOHAN_POST, cc=[FOLLOWERS, JOHAN],
          tags=[{"type": "Mention", "href": JOHAN, "name": "@johan_n@toot.exempel.example"}],
          conversation="tag:toot.exempel.example,2026-01-12:objectId=88231:objectType=Conversation")

P3 = note("2026-01-19T12:00:05Z", 4104,
          "<p>Nya öppettider för Exempelby bibliotek från 1 februari:<br />"
          "Måndag–torsdag 10–19<br />Fredag 10–17<br />Lördag 11–15<br />Söndag stängt</p>"
          "<p>Meröppet med bibliotekskort alla dagar 07–22. Välkommen!</p>",
          updated="2026-01-19T12:07:52Z",
          attachments=[image(PATH_BIBL, "Skylt vid bibliotekets entré med de nya "
                             "öppettiderna.", (32, 110, 64))])

P4 = note("2026-01-27T10:15:00Z", 4105,
          "<p>Medborgardialog om ny F–6-skola i Norrby! Kommunen planerar en skola för cirka "
          "400 elever och vill veta vad du tycker om placering, skolgård och skolvägar.</p>"
          "<p>Öppet möte i Folkets hus tisdag 10 februari kl. 18.30. Du kan också lämna "
          f"synpunkter på webben till och med 28 februari: {link('https://www.exempelby.se/nyskola')}</p>")

P5 = note("2026-02-02T08:00:00Z", 4106,
          "<p>Ser du en trasig gatlampa? Gör en felanmälan i e-tjänsten så åtgärdar vi den så "
          "snart som möjligt. Ange gärna stolpens nummer – det står på en skylt på stolpen.</p>"
          f"<p>{link('https://www.exempelby.se/felanmalan/gatubelysning')}</p>")

MARIA_POST = f"{MARIA}/statuses/{snowflake('2026-02-03T12:10:30Z', 52)}"
R2 = note("2026-02-03T13:44:20Z", 4107,
          f"<p>{mention('https://mastodon.exempel.example/@maria_l', 'maria_l')} Tack för "
          "tipset! Lampan på Skolgatan är nu felanmäld till vår entreprenör. Den brukar lagas "
          "inom en vecka.</p>",
          reply_to=MARIA_POST, cc=[FOLLOWERS, MARIA],
          tags=[{"type": "Mention", "href": MARIA, "name": "@maria_l@mastodon.exempel.example"}],
          conversation="tag:mastodon.exempel.example,2026-02-03:objectId=410077:objectType=Conversation")

D1 = note("2026-02-03T15:05:09Z", 4108,
          f"<p>{mention('https://toot.exempel.example/@per_s', 'per_s')} Hej Per! Vi kan inte "
          "hantera frågor om enskilda personer här. Skicka din fråga via e-tjänsten "
          "&quot;Kontakta oss&quot; så hanteras den säkert.</p>",
          to=[PER], cc=[],
          tags=[{"type": "Mention", "href": PER, "name": "@per_s@toot.exempel.example"}])

CW = note("2026-02-10T07:30:00Z", 4109,
          "<p>Under helgen har Norrbyskolan utsatts för skadegörelse: fönster har krossats och "
          "fasaden har klottrats ner. Polisanmälan är gjord.<br />Har du sett något? Kontakta "
          "polisen på 114 14 och uppge att det gäller Norrbyskolan.</p>",
          summary="Skadegörelse på Norrbyskolan")

G1 = note("2026-02-13T14:00:00Z", 4110,
          "<p>Trevlig helg önskar vi på Exempelby kommun! Glöm inte att sportlovets "
          "aktiviteter för barn &amp; unga börjar på måndag.</p>")

P6 = note("2026-02-18T09:00:00Z", 4111,
          "<p>Kommunstyrelsen har beslutat att skicka förslaget till ny detaljplan för "
          "Norrby 2:14 på samråd (diarienummer KS 2026/123). Planhandlingarna finns i "
          "kommunhusets reception och på webben till och med 20 mars.</p>"
          "<p>Lämna dina synpunkter skriftligt och ange diarienumret KS 2026/123.</p>")

A2 = announce("2026-02-24T11:20:48Z", 4112, REGION_POST, REGION)

P2_V1 = ("<p>Vattenavstängning på Storgatan 10–24 och Kyrkvägen onsdag 4 mars kl. 08.00–12.00 "
         "på grund av ledningsarbete. Tappa upp vatten i förväg. Efter arbetet kan vattnet vara "
         "missfärgat en stund – spola tills det blir klart.</p>"
         "<p>Frågor? Kontakta Exempelby Vatten &amp; Avlopp via kundtjänst.</p>")
P2_V2 = ("<p>Vattenavstängning på Storgatan 10–24 och Kyrkvägen onsdag 4 mars kl. 08.00–15.00 "
         "på grund av ledningsarbete. Tappa upp vatten i förväg. Efter arbetet kan vattnet vara "
         "missfärgat en stund – spola tills det blir klart.</p>"
         "<p>Uppdatering: arbetet tar längre tid än planerat, vattnet är tillbaka senast kl. 15.00.</p>"
         "<p>Frågor? Kontakta Exempelby Vatten &amp; Avlopp via kundtjänst.</p>")
P2 = note("2026-03-02T13:20:00Z", 4113, P2_V1)
CONV_P2 = P2["object"]["conversation"]
P2_EDITED = note("2026-03-02T13:20:00Z", 4113, P2_V2, updated="2026-03-04T09:40:00Z",
                 conversation=CONV_P2)

N1 = note("2026-03-16T08:30:00Z", 4114,
          "<p>Sommarjobb 2026! Är du född 2008–2010 och bor i Exempelby? Sök feriepraktik hos "
          f"kommunen senast 15 april: {link('https://www.exempelby.se/sommarjobb')}</p>")

N2 = note("2026-04-08T10:00:00Z", 4115,
          "<p>Vårstädning: lördag 11 och söndag 12 april kan du lämna trädgårdsavfall gratis på "
          "Norrby återvinningscentral. Öppet 09–16 båda dagarna.</p>")

V1 = [A1, P1, R1, P3, P4, P5, R2, D1, CW, G1, P6, A2, P2]
V2 = [A1, P1, R1, P3, P4, P5, R2, D1, CW, P6, A2, P2_EDITED, N1, N2]

CONTEXT = ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", {
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers", "sensitive": "as:sensitive",
    "Hashtag": "as:Hashtag", "movedTo": {"@id": "as:movedTo", "@type": "@id"},
    "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"}, "toot": "http://joinmastodon.org/ns#",
    "Emoji": "toot:Emoji", "featured": {"@id": "toot:featured", "@type": "@id"},
    "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"}, "schema": "http://schema.org#",
    "PropertyValue": "schema:PropertyValue", "value": "schema:value", "ostatus": "http://ostatus.org#",
    "atomUri": "ostatus:atomUri", "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
    "conversation": "ostatus:conversation", "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
    "blurhash": "toot:blurhash", "discoverable": "toot:discoverable", "indexable": "toot:indexable",
    "memorial": "toot:memorial", "votersCount": "toot:votersCount"}]


def outbox(items):
    head = {"@context": CONTEXT, "id": "outbox.json", "type": "OrderedCollection",
            "totalItems": len(items)}
    # Mastodon 4.x writes the key twice, the first time empty; the last wins.
    return (dumps(head)[:-1] + ',"orderedItems":[],"orderedItems":['
            + ",".join(dumps(a) for a in items) + "]}")


def actor():
    return {
        "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", {
            "manuallyApprovesFollowers": "as:manuallyApprovesFollowers", "toot": "http://joinmastodon.org/ns#",
            "featured": {"@id": "toot:featured", "@type": "@id"},
            "featuredTags": {"@id": "toot:featuredTags", "@type": "@id"},
            "alsoKnownAs": {"@id": "as:alsoKnownAs", "@type": "@id"},
            "movedTo": {"@id": "as:movedTo", "@type": "@id"}, "schema": "http://schema.org#",
            "PropertyValue": "schema:PropertyValue", "value": "schema:value",
            "discoverable": "toot:discoverable", "suspended": "toot:suspended",
            "memorial": "toot:memorial", "indexable": "toot:indexable",
            "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"}}],
        "id": ACTOR, "type": "Person", "following": f"{ACTOR}/following",
        "followers": FOLLOWERS, "inbox": f"{ACTOR}/inbox", "outbox": "outbox.json",
        "featured": f"{ACTOR}/collections/featured", "featuredTags": f"{ACTOR}/collections/tags",
        "preferredUsername": "exempelby", "name": "Exempelby kommun",
        "summary": "<p>Officiellt konto för Exempelby kommun. Vi svarar på vardagar 8–16. "
                   "Felanmälan och ärenden görs via e-tjänsterna på webben.</p>",
        "url": f"https://{HOST}/@exempelby", "manuallyApprovesFollowers": False,
        "discoverable": True, "indexable": True, "published": "2025-11-03T00:00:00Z",
        "memorial": False, "devices": f"{ACTOR}/collections/devices",
        "publicKey": {"id": f"{ACTOR}#main-key", "owner": ACTOR, "publicKeyPem": PUBLIC_KEY},
        "tag": [],
        "attachment": [{"type": "PropertyValue", "name": "Webbplats",
                        "value": link("https://www.exempelby.se")}],
        "endpoints": {"sharedInbox": f"https://{HOST}/inbox"},
        "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
        "likes": "likes.json", "bookmarks": "bookmarks.json"}


def collection(name, urls):
    return dumps({"@context": "https://www.w3.org/ns/activitystreams", "id": name,
                  "type": "OrderedCollection", "orderedItems": urls})


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def export(name, items, media):
    root = os.path.join(HERE, name)
    shutil.rmtree(root, ignore_errors=True)
    write(os.path.join(root, "actor.json"), dumps(actor()))
    write(os.path.join(root, "outbox.json"), outbox(items))
    write(os.path.join(root, "likes.json"),
          collection("likes.json", [REGION_POST]))
    write(os.path.join(root, "bookmarks.json"),
          collection("bookmarks.json", [KRIS_POST]))
    write(os.path.join(root, "avatar.png"), IMG_AVATAR)
    for path, data in media:
        write(os.path.join(root, path), data)


# --- visitors' comments (canonical NDJSON) ----------------------------------

def nid(act):
    return act["object"]["id"]


def comments():
    lisa = "https://toot.exempel.example/users/lisa_b"
    erik = "https://mastodon.exempel.example/users/erik_h"
    anon = "https://toot.exempel.example/users/arg_granne"
    karin = "https://social.norrby.example/users/karin"
    sven = "https://toot.exempel.example/users/sven_o"
    ahmed = "https://mastodon.exempel.example/users/ahmed_k"
    ida = "https://social.norrby.example/users/ida"

    def status(actor_url, when, low):
        sid = snowflake(when, low)
        host = actor_url.split("/")[2]
        user = actor_url.rsplit("/", 1)[1]
        return f"{actor_url}/statuses/{sid}", f"https://{host}/@{user}/{sid}"

    out = []

    def line(kind, parent, name, author, when, text, low, by_account=False, extra=None):
        if author == ACTOR:
            sid = snowflake(when, low)
            pid, url = f"{ACTOR}/statuses/{sid}", f"https://{HOST}/@exempelby/{sid}"
        else:
            pid, url = status(author, when, low)
        obj = {"platform": "mastodon", "id": pid, "kind": kind, "parent_id": parent,
               "author": {"name": name, "id": author}, "by_account": by_account,
               "created": when, "edited": None, "text": text, "url": url, "attachments": []}
        if extra:
            obj.update(extra)
        out.append(obj)
        return pid

    line("comment", nid(P1), "Lisa Berg", lisa, "2026-01-14T07:12:03Z",
              "Klagomål: Björkvägen har inte plogats på tre dagar. Våra äldre grannar kommer "
              "inte ut och hemtjänsten fick gå. Det här är inte acceptabelt!", 5101,
              extra={"language": "sv"})
    line("comment", nid(P1), "Sven Olsson", sven, "2026-01-14T21:47:10Z",
         "Tack till alla plogförare som jobbar i natt! ❄️", 5103)
    c4 = line("comment", nid(P4), "Karin Lund", karin, "2026-01-28T19:22:00+01:00",
              "Synpunkt på den nya skolan: lägg den nära Norrby centrum så att barnen kan gå "
              "eller cykla. Att korsa Storgatan vid Ica är farligt i dag, där behövs en "
              "gångtunnel.", 5104,
              extra={"raw": {
                  "id": f"{karin}/statuses/{snowflake('2026-01-28T18:22:00Z', 5104)}",
                  "type": "Note", "attributedTo": karin,
                  "inReplyTo": nid(P4), "published": "2026-01-28T18:22:00Z",
                  "content": "<p>Synpunkt på den nya skolan: lägg den nära Norrby centrum så "
                             "att barnen kan gå eller cykla. Att korsa Storgatan vid Ica är "
                             "farligt i dag, där behövs en gångtunnel.</p>"}})
    line("reply", c4, "Ida Holm", ida, "2026-01-29T06:58:31Z",
         "Håller med Karin. Och gör skolgården grön, inte bara asfalt.", 5105)
    line("comment", nid(P4), None, anon, "2026-02-11T22:13:45Z",
         "Lägger ni ner Ekbackens skola för det här så kommer ni att få ångra er, det lovar "
         "jag. Vi glömmer inte.", 5106)
    line("comment", nid(P3), "Ahmed Karimi", ahmed, "2026-01-20T10:02:19Z",
         "Har biblioteket öppet på långfredagen?", 5107)
    line("comment", nid(P2), "Erik Holmberg", erik, "2026-03-02T16:40:00Z",
         "Gäller avstängningen Storgatan 18 också? Mitt personnummer är 19121212-1212 om ni "
         "behöver kolla mitt abonnemang.", 5108)
    line("comment", nid(P6), "Karin Lund", karin, "2026-02-19T12:31:00Z",
         "Var kan jag läsa hela beslutet i KS 2026/123? Jag vill överklaga.", 5109)
    line("comment", nid(P5), "Sven Olsson", sven, "2026-02-02T17:15:55Z",
         "Lampan vid busshållplatsen på Ringvägen har varit trasig sedan i höstas. "
         "Stolpe nr 4417.", 5110)
    # After the v2 export (2026-04-08, afternoon): only in this file.
    q = line("comment", nid(N2), "Ida Holm", ida, "2026-04-08T17:20:14Z",
             "Tar ni emot ris och grenar också, eller bara löv och gräs?", 5111)
    line("reply", q, "Exempelby kommun", ACTOR, "2026-04-09T07:45:40Z",
         "Hej Ida! Ja, ris och grenar går bra, men högst 10 cm tjocka. Stubbar och jord "
         "tar vi inte emot den här helgen.", 5102, by_account=True)
    return "".join(dumps(o) + "\n" for o in out)


def main():
    export("exempelby-mastodon-v1", V1, [(PATH_PLOG, IMG_PLOG), (PATH_BIBL, IMG_BIBL)])
    # v2 still names the library photo but no longer holds it.
    export("exempelby-mastodon-v2", V2, [(PATH_PLOG, IMG_PLOG)])
    write(os.path.join(HERE, "exempelby-comments.ndjson"), comments())
    for a in V1 + [N1, N2]:
        o = a["object"]
        print(a["type"], o["id"] if isinstance(o, dict) else a["id"], file=sys.stderr)


if __name__ == "__main__":
    main()
