#!/usr/bin/env python3
"""Write the Facebook fixtures of tests/data (see tests/data/facebook.md).

Deterministic: run it only to change the fixtures, then update the counts in
facebook.md, which the tests assert. All people, places and ids are made up.
Usage: tests/data/facebook-gen/gen-facebook.py  (from anywhere)
"""
import calendar
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00fixture\xff\xd9"


def ts(s):
    """'2025-03-10 08:00' (UTC) -> Unix seconds."""
    return calendar.timegm(__import__("time").strptime(s, "%Y-%m-%d %H:%M"))


def moji(v):
    """Facebook's escaping: every UTF-8 byte of a string as its own code point."""
    if isinstance(v, str):
        return v.encode("utf-8").decode("latin-1")
    if isinstance(v, list):
        return [moji(x) for x in v]
    if isinstance(v, dict):
        return {k: moji(x) for k, x in v.items()}
    return v


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def dyi(path, obj):
    """A file of "Download your information": indented, ASCII, mojibake."""
    write(path, json.dumps(moji(obj), indent=2, ensure_ascii=True).encode("ascii"))


def graph(path, obj):
    """A response of the Graph API as a script saved it: compact, \\u escapes."""
    write(path, json.dumps(obj, separators=(",", ":"), ensure_ascii=True).encode("ascii") + b"\n")


def fresh(name):
    d = os.path.join(DATA, name)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


# ---------------------------------------------------------------------------
# A Page's export (new Pages experience), twice: v1 and v2 a month later.

PAGE = "Exempelby kommun"
P = "this_profile's_activity_across_facebook"


def page_posts(version):
    photo1 = P + "/posts/media/Tidslinjebilder_k7Hq2mXw/1001_2002_n_1001.jpg"
    photo2 = P + "/posts/media/Tidslinjebilder_k7Hq2mXw/1003_2004_n_1003.jpg"
    photo3 = P + "/posts/media/Tidslinjebilder_k7Hq2mXw/1005_2006_n_1005.jpg"  # never exported
    welcome = {
        "timestamp": ts("2025-01-07 08:00"),
        "data": [{"post": "Välkommen till Exempelby kommuns nya sida! Här berättar vi om det som händer i kommunen."},
                 {"update_timestamp": ts("2025-01-07 08:00")}],
        "title": "Exempelby kommun uppdaterade sin status.",
    }
    posts = [
        welcome,
        {
            "timestamp": ts("2025-01-15 06:30"),
            "attachments": [{"data": [{"media": {
                "uri": photo1,
                "creation_timestamp": ts("2025-01-15 06:29"),
                "media_metadata": {"photo_metadata": {"exif_data": [{"upload_ip": "192.0.2.10"}]}},
                "title": "Tidslinjebilder",
                "description": "Snöröjningen pågår på Storgatan och Kyrkvägen. Parkera inte på gatan i natt.",
            }}]}],
            "data": [{"post": "Snöröjningen pågår på Storgatan och Kyrkvägen. Parkera inte på gatan i natt."}],
            "title": "Exempelby kommun lade till ett nytt foto.",
        },
        {
            "timestamp": ts("2025-02-03 12:00"),
            "attachments": [{"data": [{"external_context": {
                "name": "Detaljplan för Norrby 2:14",
                "source": "exempelby.se",
                "url": "https://www.exempelby.se/bygga-bo/detaljplaner/norrby",
            }}]}],
            "data": [{"post": "Samråd om detaljplanen för Norrby 2:14 (KS 2025/123). Lämna dina synpunkter senast 28 februari."},
                     {"update_timestamp": ts("2025-02-03 12:00")}],
            "title": "Exempelby kommun delade en länk.",
        },
        {
            "timestamp": ts("2025-02-20 15:45"),
            "attachments": [{"data": [
                {"media": {"uri": photo2, "creation_timestamp": ts("2025-02-20 15:40"), "title": "Tidslinjebilder",
                           "description": "Skidspåret vid Norrbysjön är preparerat."}},
                {"media": {"uri": photo3, "creation_timestamp": ts("2025-02-20 15:41"), "title": "Tidslinjebilder",
                           "description": "Ny belysning längs elljusspåret."}},
            ]}],
            "data": [{"post": "Bilder från sportlovsveckan i Norrby."}],
            "title": "Exempelby kommun lade till 2 nya foton.",
        },
        {
            "timestamp": ts("2025-03-01 09:10"),
            "data": [],
            "title": "Exempelby kommun delade ett inlägg.",
        },
        {
            "timestamp": ts("2025-03-05 10:00"),
            "attachments": [{"data": [{"event": {
                "name": "Medborgardialog om ny skola i Norrby",
                "start_timestamp": ts("2025-03-20 17:00"),
                "end_timestamp": ts("2025-03-20 19:00"),
            }}]}],
            "data": [{"post": "Välkommen på medborgardialog! Kommunens politiker och tjänstepersoner svarar på frågor."},
                     {"update_timestamp": ts("2025-03-05 10:00")}],
            "title": "Exempelby kommun delade ett evenemang.",
        },
        welcome,  # Facebook repeats some entries: an exact duplicate
        {
            "timestamp": ts("2025-03-07 14:00"),
            "data": [{"post": "Trevlig helg önskar vi på Exempelby kommun!"}],
            "title": "Exempelby kommun uppdaterade sin status.",
        },
        {
            "timestamp": ts("2025-03-10 07:15"),
            "data": [{"post": "Vattenavstängning på Björkvägen tisdag kl. 08.00–12.00."},
                     {"update_timestamp": ts("2025-03-10 07:15")}],
            "title": "Exempelby kommun uppdaterade sin status.",
        },
        {
            "timestamp": ts("2025-03-12 11:30"),
            "attachments": [{"data": [{"poll": {
                "question": "Vilken dag passar bäst för återvinningsdagen?",
                "options": [{"option": "Lördag 12 april", "voted": False},
                            {"option": "Söndag 13 april", "voted": False}],
            }}]}],
            "data": [{"post": "Hjälp oss välja dag!"}],
            "title": "Exempelby kommun skapade en omröstning.",
        },
    ]
    if version == 2:
        del posts[7]  # "Trevlig helg": deleted on the platform
        posts[7] = {  # the water cut: edited
            "timestamp": ts("2025-03-10 07:15"),
            "data": [{"post": "Vattenavstängning på Björkvägen tisdag kl. 08.00–15.00. Uppdatering: arbetet tar längre tid än planerat."},
                     {"update_timestamp": ts("2025-03-11 09:40")}],
            "title": "Exempelby kommun uppdaterade sin status.",
        }
        posts.append({
            "timestamp": ts("2025-03-20 08:00"),
            "data": [{"post": "Sommarjobb 2025: sök senast 31 mars på exempelby.se/sommarjobb."}],
            "title": "Exempelby kommun uppdaterade sin status.",
        })
    # newest first, as Facebook writes them
    return list(reversed(posts)), [photo1, photo2]


def page_comments():
    return {"comments_v2": [
        {
            "timestamp": ts("2025-03-06 09:02"),
            "data": [{"comment": {
                "timestamp": ts("2025-03-06 09:02"),
                "comment": "Tack för att du hörde av dig, Lisa! Vi har skickat ärendet vidare till gatuenheten.",
                "author": PAGE,
            }}],
            "title": "Exempelby kommun svarade på Lisa Bergs kommentar.",
        },
        {
            "timestamp": ts("2025-02-21 10:00"),
            "attachments": [{"data": [{"media": {
                "uri": P + "/comments_and_reactions/stickers_used/369239263222822_n.png"}}]}],
            "data": [{"comment": {"timestamp": ts("2025-02-21 10:00"), "comment": "", "author": PAGE}}],
            "title": "Exempelby kommun kommenterade Johan Nilssons inlägg.",
        },
        {
            "timestamp": ts("2025-01-16 13:20"),
            "attachments": [{"data": [{"external_context": {
                "url": "https://www.exempelby.se/trafik/snorojning"}}]}],
            "data": [{"comment": {
                "timestamp": ts("2025-01-16 13:20"),
                "comment": "Här ser du i vilken ordning gatorna plogas:",
                "author": PAGE,
            }}],
            "title": "Exempelby kommun kommenterade sitt eget inlägg.",
        },
    ]}


def page_messages(version):
    thread = P + "/messages/inbox/annasvensson_10001"
    msgs = [
        {"sender_name": "Anna Svensson", "timestamp_ms": ts("2025-02-10 19:02") * 1000 + 417,
         "content": "Hej! Gatlampan utanför Skolgatan 4 har varit trasig i två veckor.",
         "is_geoblocked_for_viewer": False},
        {"sender_name": "Anna Svensson", "timestamp_ms": ts("2025-02-10 19:03") * 1000 + 5,
         "photos": [{"uri": thread + "/photos/5551_6661_n_5551.jpg",
                     "creation_timestamp": ts("2025-02-10 19:03")}],
         "content": "Här är en bild.",
         "is_geoblocked_for_viewer": False},
        {"sender_name": PAGE, "timestamp_ms": ts("2025-02-11 07:45") * 1000,
         "content": "Hej Anna! Vi har tagit emot din felanmälan och återkommer inom två arbetsdagar.",
         "is_geoblocked_for_viewer": False},
    ]
    if version == 2:
        msgs.append({"sender_name": "Anna Svensson", "timestamp_ms": ts("2025-02-14 16:20") * 1000 + 999,
                     "content": "Nu lyser den igen. Tack!",
                     "reactions": [{"reaction": "❤", "actor": PAGE}],
                     "is_geoblocked_for_viewer": False})
    return thread, {
        "participants": [{"name": "Anna Svensson"}, {"name": PAGE}],
        "messages": list(reversed(msgs)),
        "title": "Anna Svensson",
        "is_still_participant": True,
        "thread_path": "inbox/annasvensson_10001",
        "magic_words": [],
    }


def page_export(version):
    d = fresh("facebook-page-v%d" % version)
    posts, photos = page_posts(version)
    dyi(os.path.join(d, P, "posts", "profile_posts_1.json"), posts)
    for p in photos:
        write(os.path.join(d, p), JPEG)
    dyi(os.path.join(d, P, "comments_and_reactions", "comments.json"), page_comments())
    thread, conv = page_messages(version)
    dyi(os.path.join(d, thread, "message_1.json"), conv)
    write(os.path.join(d, thread, "photos", "5551_6661_n_5551.jpg"), JPEG)
    dyi(os.path.join(d, P, "likes_and_reactions", "likes_and_reactions_1.json"), [
        {"timestamp": ts("2025-02-01 12:00"), "data": [{"reaction": {"reaction": "LIKE", "actor": PAGE}}],
         "title": "Exempelby kommun gillade Räddningstjänsten Exempelbys inlägg."}])
    dyi(os.path.join(d, "connections", "followers", "people_who_followed_you.json"),
        {"followers_v3": [{"name": "Lisa Berg", "timestamp": ts("2025-01-08 18:00")}]})


# ---------------------------------------------------------------------------
# A profile, 2024 layout (your_facebook_activity/), owned by the library.

LIB = "Exempelby Bibliotek"
A = "your_facebook_activity"


def profile_2024():
    d = fresh("facebook-profile-2024")
    photo = A + "/posts/media/Mobiluppladdningar_p2Xk/7001_8002_n_7001.jpg"
    dyi(os.path.join(d, "personal_information", "profile_information", "profile_information.json"),
        {"profile_v2": {"name": {"full_name": LIB, "first_name": "Exempelby", "middle_name": "",
                                 "last_name": "Bibliotek"},
                        "emails": {"emails": ["bibliotek@exempelby.example"]}}})
    dyi(os.path.join(d, A, "posts", "your_posts__check_ins__photos_and_videos_1.json"), [
        {
            "timestamp": ts("2024-11-04 09:00"),
            "data": [{"post": "Nu har vi öppet till kl. 20 på torsdagar!"},
                     {"update_timestamp": ts("2024-11-04 13:25")}],
            "title": "Exempelby Bibliotek uppdaterade sin status.",
        },
        {
            "timestamp": ts("2024-10-12 14:00"),
            "attachments": [{"data": [{"place": {
                "name": "Exempelby stadsbibliotek",
                "coordinate": {"latitude": 59.0, "longitude": 15.0},
                "address": "Storgatan 1, Exempelby",
            }}]}],
            "data": [{"post": "Sagostund för de minsta i dag kl. 10."}],
            "title": "Exempelby Bibliotek var på Exempelby stadsbibliotek.",
        },
        {
            "timestamp": ts("2024-09-01 07:30"),
            "attachments": [{"data": [{"media": {
                "uri": photo,
                "creation_timestamp": ts("2024-09-01 07:29"),
                "title": "Mobiluppladdningar",
                "description": "Höstens nya böcker är här.",
            }}]}],
            "data": [{"post": "Kom och låna! Höstens nyheter står på hyllan vid entrén."}],
            "title": "Exempelby Bibliotek lade till ett nytt foto.",
        },
        {
            "timestamp": ts("2024-08-15 10:00"),
            "attachments": [{"data": [{"life_event": {
                "title": "Flyttade till Storgatan 1",
                "place": {"name": "Exempelby", "address": "Exempelby"},
            }}]}],
            "data": [],
            "title": "Exempelby Bibliotek lade till en livshändelse: Flyttade till Storgatan 1.",
        },
    ])
    write(os.path.join(d, photo), JPEG)
    dyi(os.path.join(d, A, "comments_and_reactions", "comments.json"), {"comments_v2": [
        {
            "timestamp": ts("2024-11-05 08:12"),
            "data": [{"comment": {
                "timestamp": ts("2024-11-05 08:12"),
                "comment": "Ja, även under jullovet.",
                "author": LIB,
            }}],
            "title": "Exempelby Bibliotek svarade på Per Olssons kommentar.",
        },
    ]})
    thread = A + "/messages/inbox/perolsson_20002"
    dyi(os.path.join(d, thread, "message_1.json"), {
        "participants": [{"name": "Per Olsson"}, {"name": LIB}],
        "messages": [
            {"sender_name": LIB, "timestamp_ms": ts("2024-11-06 09:00") * 1000 + 250,
             "content": "Hej Per! Boken är reserverad åt dig.", "is_geoblocked_for_viewer": False},
            {"sender_name": "Per Olsson", "timestamp_ms": ts("2024-11-05 21:14") * 1000 + 31,
             "content": "Kan jag reservera ”Mitt i Exempelby” av Åsa Ek?", "is_geoblocked_for_viewer": False},
        ],
        "title": "Per Olsson", "is_still_participant": True,
        "thread_path": "inbox/perolsson_20002", "magic_words": [],
    })
    dyi(os.path.join(d, thread, "message_2.json"), {
        "participants": [{"name": "Per Olsson"}, {"name": LIB}],
        "messages": [
            {"sender_name": "Per Olsson", "timestamp_ms": ts("2024-10-01 12:00") * 1000,
             "share": {"link": "https://www.exempelby.se/bibliotek/oppettider"},
             "content": "Stämmer de här tiderna?", "is_geoblocked_for_viewer": False},
        ],
        "title": "Per Olsson", "is_still_participant": True,
        "thread_path": "inbox/perolsson_20002", "magic_words": [],
    })
    dyi(os.path.join(d, A, "posts", "album", "0.json"), {
        "name": "Mobiluppladdningar",
        "photos": [{"uri": photo, "creation_timestamp": ts("2024-09-01 07:29"), "title": "Mobiluppladdningar"}],
    })
    dyi(os.path.join(d, "logged_information", "search", "your_search_history.json"),
        {"searches_v2": [{"timestamp": ts("2024-10-01 10:00"), "data": [{"text": "bokcirkel"}]}]})


# ---------------------------------------------------------------------------
# A profile, 2020 layout (posts/, comments/ with "comments"), with posts by
# others on its timeline, of the youth centre.

YC = "Exempelby Fritidsgård"


def profile_2020():
    d = fresh("facebook-profile-2020")
    photo = "photos_and_videos/Tidslinjebilder_q9Rt/9001_9002_n_9001.jpg"
    dyi(os.path.join(d, "profile_information", "profile_information.json"),
        {"profile": {"name": {"full_name": YC, "first_name": "Exempelby", "last_name": "Fritidsgård"}}})
    dyi(os.path.join(d, "posts", "your_posts_1.json"), [
        {
            "timestamp": ts("2020-06-01 15:00"),
            "attachments": [{"data": [{"media": {
                "uri": photo, "creation_timestamp": ts("2020-06-01 14:58"),
                "description": "Grillkväll på gården.",
            }}]}],
            "data": [{"post": "Sommarlovet är här! Vi har öppet alla vardagar 13–21."}],
        },
        {
            "timestamp": ts("2020-05-20 18:30"),
            "data": [{"post": "Ikväll: turnering i bordtennis. Anmälan i caféet."}],
        },
    ])
    write(os.path.join(d, photo), JPEG)
    dyi(os.path.join(d, "posts", "other_people's_posts_to_your_timeline.json"), {
        "wall_posts_sent_to_you": {"activity_log_data": [
            {
                "timestamp": ts("2020-05-25 20:05"),
                "data": [{"post": "Tack för en rolig kväll! Kommer ni ha öppet på midsommar?"}],
                "title": "Emma Lind skrev på Exempelby Fritidsgårds tidslinje.",
            },
        ]},
    })
    dyi(os.path.join(d, "comments", "comments.json"), {"comments": [
        {
            "timestamp": ts("2020-05-26 09:00"),
            "data": [{"comment": {
                "timestamp": ts("2020-05-26 09:00"),
                "comment": "Hej Emma! Nej, på midsommar har vi stängt.",
                "author": YC,
            }}],
            "title": "Exempelby Fritidsgård kommenterade Emma Linds inlägg.",
        },
    ]})
    dyi(os.path.join(d, "photos_and_videos", "album", "0.json"), {
        "name": "Tidslinjebilder",
        "photos": [{"uri": photo, "creation_timestamp": ts("2020-06-01 14:58")}],
    })
    dyi(os.path.join(d, "friends", "friends.json"),
        {"friends": [{"name": "Emma Lind", "timestamp": ts("2019-09-01 12:00")}]})


def html_export():
    d = fresh("facebook-html")
    write(os.path.join(d, "index.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
          "<title>Exempelby kommun</title></head><body><p>Din information</p></body></html>\n".encode())
    write(os.path.join(d, "posts", "your_posts_1.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
          "<title>Dina inlägg</title></head><body><div>Välkommen till Exempelby kommuns sida!</div>"
          "</body></html>\n".encode())


# ---------------------------------------------------------------------------
# The Graph API: /{page}/feed pages and a /{post}/comments response, saved by
# a script twice, a week apart.

PAGE_ID = "104729384756102"
ME = {"name": PAGE, "id": PAGE_ID}
LISA = {"name": "Lisa Berg", "id": "7000123400001"}
PER = {"name": "Per Olsson", "id": "7000123400002"}
JOHAN = {"name": "Johan Nilsson", "id": "7000123400003"}
GRAPH = "https://graph.facebook.com/v19.0/"
CDN = "https://scontent-arn2-1.xx.fbcdn.net/v/t39.30808-6/"


def t(s):
    return s.replace(" ", "T") + ":00+0000"


def post_a(version):
    comments = [
        {"id": "5001_6001", "created_time": t("2025-03-03 09:15"), "from": LISA,
         "message": "Varför plogas inte Björkvägen? Det har snöat i tre dagar.",
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6001",
         "comments": {"data": [
             {"id": "5001_6002", "created_time": t("2025-03-03 10:02"), "from": ME,
              "message": "Hej Lisa! Björkvägen plogas i eftermiddag. /Gatuenheten",
              "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6002"},
         ], "paging": {"cursors": {"before": "QVFIUmNiZA", "after": "QVFIUmNiZB"}}}},
    ]
    updated = t("2025-03-03 10:02")
    if version == 2:
        comments.append({"id": "5001_6005", "created_time": t("2025-03-08 12:00"), "from": JOHAN,
                         "message": "Nu är det plogat, tack!",
                         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6005"})
        updated = t("2025-03-08 12:00")
    return {
        "id": PAGE_ID + "_5001",
        "created_time": t("2025-03-03 07:00"),
        "updated_time": updated,
        "from": ME,
        "message": "Snöröjningen pågår i hela kommunen. Vi prioriterar busslinjer och gång- och cykelvägar till skolorna.",
        "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001",
        "attachments": {"data": [{"type": "photo", "media_type": "photo",
                                  "media": {"image": {"src": CDN + "411_5120_n.jpg?stp=dst-jpg&_nc_cat=1&oh=00_AfB",
                                                      "height": 720, "width": 960}},
                                  "target": {"id": "5002", "url": "https://www.facebook.com/photo.php?fbid=5002"},
                                  "url": "https://www.facebook.com/photo.php?fbid=5002"}]},
        "comments": {"data": comments,
                     "paging": {"cursors": {"before": "QVFIUmFh", "after": "QVFIUmFi"}}},
    }


def post_b():
    return {
        "id": PAGE_ID + "_5010",
        "created_time": t("2025-03-04 18:30"),
        "updated_time": t("2025-03-05 08:00"),
        "from": PER,
        "message": "Hur söker man bygglov för ett attefallshus i Exempelby?",
        "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5010",
        "comments": {"data": [
            {"id": "5010_6010", "created_time": t("2025-03-05 08:00"), "from": ME,
             "message": "Hej Per! Du anmäler det via e-tjänsten på exempelby.se/bygglov.",
             "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5010?comment_id=6010"},
        ], "paging": {"cursors": {"before": "QVFIUmJh", "after": "QVFIUmJi"},
                      "next": GRAPH + "104729384756102_5010/comments?after=QVFIUmJi&limit=1"}},
    }


def post_c():
    return {
        "id": PAGE_ID + "_5020",
        "created_time": t("2025-03-06 12:00"),
        "updated_time": t("2025-03-06 12:00"),
        "from": ME,
        "message": "Samråd om detaljplanen för Norrby 2:14 (KS 2025/123).",
        "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5020",
        "attachments": {"data": [{"type": "share", "title": "Detaljplan Norrby 2:14",
                                  "media": {"image": {"src": CDN + "link_preview_77.jpg?oh=00"}},
                                  "unshimmed_url": "https://www.exempelby.se/norrby",
                                  "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.exempelby.se%2Fnorrby"}]},
    }


def post_d(version):
    p = {
        "id": PAGE_ID + "_5030",
        "created_time": t("2025-03-07 08:00"),
        "updated_time": t("2025-03-07 08:00"),
        "from": ME,
        "message": "Biblioteket har öppet 10–16 på lördag.",
        "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5030",
    }
    if version == 2:
        p["message"] = "Biblioteket har öppet 10–18 på lördag."
        p["updated_time"] = t("2025-03-07 09:30")
    return p


def post_e():
    return {
        "id": PAGE_ID + "_5040",
        "created_time": t("2025-03-07 15:00"),
        "updated_time": t("2025-03-07 15:00"),
        "from": ME,
        "story": "Exempelby kommun delade ett inlägg från Räddningstjänsten Exempelby.",
        "parent_id": "209876543210987_8001",
        "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5040",
    }


def graph_capture(version):
    d = fresh("facebook-graph-%d" % version)
    page1 = [post_e(), post_d(version), post_c()]
    page2 = [post_a(version)] if version == 2 else [post_b(), post_a(version)]
    graph(os.path.join(d, "feed", "page-1.json"), {
        "data": page1,
        "paging": {"cursors": {"before": "QVFIUjE", "after": "QVFIUjI"},
                   "next": GRAPH + PAGE_ID + "/feed?limit=3&after=QVFIUjI"}})
    graph(os.path.join(d, "feed", "page-2.json"), {
        "data": page2,
        "paging": {"cursors": {"before": "QVFIUjM", "after": "QVFIUjQ"},
                   "previous": GRAPH + PAGE_ID + "/feed?limit=3&before=QVFIUjM"}})
    # /{post}/comments?filter=stream for post A: its comments and replies flat,
    # a reply naming its parent
    stream = [
        {"id": "5001_6001", "created_time": t("2025-03-03 09:15"), "from": LISA,
         "message": "Varför plogas inte Björkvägen? Det har snöat i tre dagar.",
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6001"},
        {"id": "5001_6003", "created_time": t("2025-03-03 11:40"), "from": LISA,
         "message": "Tack för beskedet!",
         "parent": {"id": "5001_6001"},
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6003"},
        {"id": "5001_6004", "created_time": t("2025-03-04 07:05"), "from": PER,
         "message": "",
         "attachment": {"type": "sticker", "media": {"image": {"src": CDN + "sticker_126362_n.png?oh=1"}},
                        "target": {"id": "126362"}},
         "permalink_url": "https://www.facebook.com/exempelbykommun/posts/5001?comment_id=6004"},
    ]
    graph(os.path.join(d, "comments", PAGE_ID + "_5001-comments.json"), {
        "data": stream,
        "paging": {"cursors": {"before": "QVFIUms", "after": "QVFIUml"}}})
    write(os.path.join(d, "media", "411_5120_n.jpg"), JPEG)
    if version == 1:
        graph(os.path.join(d, "page.json"), {"id": PAGE_ID, "name": PAGE, "fan_count": 1234})


def main():
    page_export(1)
    page_export(2)
    profile_2024()
    profile_2020()
    html_export()
    graph_capture(1)
    graph_capture(2)


if __name__ == "__main__":
    main()
