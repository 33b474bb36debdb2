#!/usr/bin/env python3
"""Write the recorded answers of the X API v2 for the fetch tests, from the
project's own account archive (../x-exempelby-archive), so that a post read
through the API and through the archive is the same post: the same id, text,
entities and edit history. Deterministic: run it only to change the fixtures
(then update x/README in ../README.md and tests/e2e/t1410-fetch-x.sh).

The answers are shaped as the v2 endpoints give them (compact JSON; "data",
"includes", "meta", "errors"). "{BASE}" stands for the replay server's root."""
import datetime, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "x")
USER = "1500000000000000001"
FIELDS = ("tweet.fields=attachments,author_id,conversation_id,created_at,edit_history_tweet_ids,"
          "entities,in_reply_to_user_id,lang,note_tweet,public_metrics,referenced_tweets"
          "&expansions=attachments.media_keys,author_id,referenced_tweets.id"
          "&media.fields=alt_text,duration_ms,height,media_key,preview_image_url,type,url,variants,width"
          "&user.fields=id,name,username")
ME = {"id": USER, "name": "Exempelby kommun", "username": "exempelby"}
CITIZEN = {"id": "1600000000000000022", "name": "Nils Ek", "username": "nils_ek"}
T = lambda n: "17900000000000000%02d" % n


def archive():
    out = {}
    for name in ("tweets.js", "tweets-part1.js"):
        with open(os.path.join(HERE, "..", "x-exempelby-archive", "data", name), encoding="utf-8") as f:
            s = f.read()
        for e in json.loads(s[s.index("["):]):
            out[e["tweet"]["id_str"]] = e["tweet"]
    return out


def iso(archive_time):
    t = datetime.datetime.strptime(archive_time, "%a %b %d %H:%M:%S %z %Y")
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


MEDIA = {
    T(3): {"media_key": "3_" + T(3), "type": "photo", "url": "{BASE}/media/Fbild1AAA.png",
           "width": 48, "height": 32, "alt_text": "Kommunhuset i vinterskrud med snö på taket"},
    T(4): {"media_key": "13_1890000000000000004", "type": "video", "duration_ms": 12000,
           "width": 1280, "height": 720,
           "preview_image_url": "{BASE}/amplify_video_thumb/1/img/Tumnagel01.jpg",
           "variants": [
               {"content_type": "application/x-mpegURL", "url": "{BASE}/amplify_video/1/pl/lista.m3u8?tag=16"},
               {"bit_rate": 632000, "content_type": "video/mp4",
                "url": "{BASE}/amplify_video/1/vid/avc1/320x180/LagKvalitet01.mp4?tag=16"},
               {"bit_rate": 2176000, "content_type": "video/mp4",
                "url": "{BASE}/amplify_video/1/vid/avc1/1280x720/HogKvalitet01.mp4?tag=16"}]},
}


def v2(a, *, history=None, replies=0, text=None):
    """An archive tweet as the v2 API gives it."""
    tid = a["id_str"]
    t = {"id": tid, "text": text or a["full_text"], "created_at": iso(a["created_at"]),
         "author_id": USER, "conversation_id": tid, "lang": a.get("lang", "sv"),
         "possibly_sensitive": False, "reply_settings": "everyone",
         "public_metrics": {"retweet_count": 0, "reply_count": replies, "like_count": 2,
                            "quote_count": 0, "bookmark_count": 0, "impression_count": 140},
         "edit_history_tweet_ids": history or [tid]}
    if a.get("in_reply_to_status_id_str"):
        t["referenced_tweets"] = [{"type": "replied_to", "id": a["in_reply_to_status_id_str"]}]
        t["in_reply_to_user_id"] = a.get("in_reply_to_user_id_str") or USER
        if a["in_reply_to_status_id_str"].startswith("17900"):
            t["conversation_id"] = T(5)
    if a["full_text"].startswith("RT @"):
        t["referenced_tweets"] = [{"type": "retweeted", "id": "1789999999999999000"}]
        return t
    urls = []
    for u in a["entities"].get("urls", []):
        start = t["text"].find(u["url"])
        urls.append({"start": start, "end": start + len(u["url"]), "url": u["url"],
                     "expanded_url": u["expanded_url"], "display_url": u["expanded_url"][8:38]})
    for m in a.get("extended_entities", {}).get("media", []):
        start = t["text"].find(m["url"])
        urls.append({"start": start, "end": start + len(m["url"]), "url": m["url"],
                     "expanded_url": m["expanded_url"], "display_url": m["display_url"],
                     "media_key": MEDIA[tid]["media_key"]})
        t["attachments"] = {"media_keys": [MEDIA[tid]["media_key"]]}
    if urls:
        t["entities"] = {"urls": urls}
    return t


def page(tweets, users, next_token=None, extra=None):
    keys = [k for tw in tweets for k in tw.get("attachments", {}).get("media_keys", [])]
    media = [m for m in MEDIA.values() if m["media_key"] in keys]
    p = {"data": tweets, "includes": {"users": users}}
    if media:
        p["includes"]["media"] = media
    p["meta"] = {"result_count": len(tweets), "newest_id": tweets[0]["id"], "oldest_id": tweets[-1]["id"]}
    if next_token:
        p["meta"]["next_token"] = next_token
    if extra:
        p.update(extra)
    return p


def write(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))


def main():
    os.makedirs(OUT, exist_ok=True)
    a = archive()
    write("user.json", {"data": ME})
    # the edited post: its latest state in the timeline, the first looked up
    t12 = v2(a[T(12)], history=[T(11), T(12)], replies=1)
    t12["conversation_id"] = T(11)
    t11 = v2(a[T(11)], history=[T(11), T(12)])
    citizen = {"id": "1790000000000000101", "text": "@exempelby Blir mötet webbsänt?",
               "created_at": "2024-04-20T08:10:00.000Z", "author_id": CITIZEN["id"],
               "conversation_id": T(11), "lang": "sv", "possibly_sensitive": False,
               "reply_settings": "everyone",
               "public_metrics": {"retweet_count": 0, "reply_count": 1, "like_count": 0,
                                  "quote_count": 0, "bookmark_count": 0, "impression_count": 40},
               "edit_history_tweet_ids": ["1790000000000000101"],
               "referenced_tweets": [{"type": "replied_to", "id": T(11)}], "in_reply_to_user_id": USER}
    answer = {"id": T(13), "text": "@nils_ek Ja, mötet sänds på https://t.co/live001",
              "created_at": "2024-04-20T10:00:00.000Z", "author_id": USER, "conversation_id": T(11),
              "lang": "sv", "possibly_sensitive": False, "reply_settings": "everyone",
              "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 1,
                                 "quote_count": 0, "bookmark_count": 0, "impression_count": 30},
              "edit_history_tweet_ids": [T(13)],
              "referenced_tweets": [{"type": "replied_to", "id": "1790000000000000101"}],
              "in_reply_to_user_id": CITIZEN["id"],
              "entities": {"urls": [{"start": 28, "end": 51, "url": "https://t.co/live001",
                                     "expanded_url": "https://www.exempelby.se/live",
                                     "display_url": "exempelby.se/live"}]}}
    older = [v2(a[T(n)]) for n in (10, 9, 8, 7, 6, 5, 4, 3, 2, 1)]
    # scene 1: the archive's posts, the answer in the conversation, in two pages
    write("s1-tweets-1.json", page([answer, t12] + older[:4], [ME], next_token="7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"))
    write("s1-tweets-2.json", page(older[4:], [ME]))
    write("edits-t11.json", page([t11], [ME]))
    write("conversation-t11.json", page([answer, citizen], [ME, CITIZEN]))
    # scene 2: T2 deleted, T10 edited (T14), a new post T15
    t14 = v2(a[T(10)], history=[T(10), "1790000000000000014"],
             text="Viktigt från räddningstjänsten, läs och dela (uppdaterad 12.00)! https://t.co/quote01")
    t14["id"] = "1790000000000000014"
    t14["created_at"] = "2024-04-12T12:00:00.000Z"
    t14["entities"]["urls"][0]["start"] = t14["text"].find("https://t.co/quote01")
    t14["entities"]["urls"][0]["end"] = t14["entities"]["urls"][0]["start"] + 20
    t10 = v2(a[T(10)], history=[T(10), "1790000000000000014"])
    t15 = {"id": "1790000000000000015", "text": "Valborgsfirande i Stadsparken 30 april kl. 19. Välkomna!",
           "created_at": "2024-04-22T09:00:00.000Z", "author_id": USER,
           "conversation_id": "1790000000000000015", "lang": "sv", "possibly_sensitive": False,
           "reply_settings": "everyone",
           "public_metrics": {"retweet_count": 0, "reply_count": 0, "like_count": 0,
                              "quote_count": 0, "bookmark_count": 0, "impression_count": 9},
           "edit_history_tweet_ids": ["1790000000000000015"]}
    scene2 = [t15, answer, t12, t14] + [t for t in older[1:] if t["id"] != T(2)]
    write("s2-tweets-1.json", page(scene2[:6], [ME], next_token="7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5j"))
    write("s2-tweets-2.json", page(scene2[6:], [ME]))
    write("edits-t10.json", page([t10], [ME]))
    # what is looked up to find deletions: T20 (the archive's deleted post), T2
    def not_found(tid):
        return {"value": tid, "detail": "Could not find tweet with ids: [%s]." % tid,
                "title": "Not Found Error", "resource_type": "tweet", "parameter": "ids",
                "resource_id": tid, "type": "https://api.twitter.com/2/problems/resource-not-found"}
    write("lookup-t20.json", {"errors": [not_found(T(20))]})
    write("lookup-t2.json", {"data": [{"id": "1790000000000000101", "edit_history_tweet_ids": ["1790000000000000101"],
                                       "text": citizen["text"]}], "errors": [not_found(T(2))]})
    write("forbidden-search.json", {
        "client_id": "28411233", "detail": "When authenticating requests to the Twitter API v2 endpoints, "
        "you must use keys and tokens from a Twitter developer App that is attached to a Project. You can "
        "create a project via the developer portal.", "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
        "title": "Client Forbidden", "required_enrollment": "Appropriate Level of API Access",
        "reason": "client-not-enrolled", "type": "https://api.twitter.com/2/problems/client-forbidden"})
    write("unauthorized.json", {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"})
    write("too-many.json", {"title": "Too Many Requests", "detail": "Too Many Requests",
                            "type": "about:blank", "status": 429})
    with open(os.path.join(OUT, "HogKvalitet01.mp4"), "wb") as f:
        f.write(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom\x00\x00\x00\x08free")
    with open(os.path.join(OUT, "rate-limit.headers"), "w") as f:
        f.write("x-rate-limit-limit: 5\nx-rate-limit-remaining: 0\nx-rate-limit-reset: {NOW+1}\n")
    with open(os.path.join(OUT, "rate-limit-long.headers"), "w") as f:
        f.write("x-rate-limit-limit: 5\nx-rate-limit-remaining: 0\nx-rate-limit-reset: {NOW+3600}\n")
    rules(scene2)


def rules(scene2):
    timeline = "GET /2/users/%s/tweets?max_results=100&%s" % (USER, FIELDS)
    search = "GET /2/tweets/search/recent?max_results=100&%s&query=conversation_id:%s" % (FIELDS, T(11))
    media = ["GET /media/Fbild1AAA.png 200 ../../x-exempelby-archive/data/tweets_media/%s-Fbild1AAA.png" % T(3),
             "GET /amplify_video/1/vid/avc1/1280x720/HogKvalitet01.mp4?tag=16 200 HogKvalitet01.mp4"]
    s1 = ["# scene 1: the archive's posts and a conversation (see ../README.md)",
          "GET /2/users/by/username/exempelby 200 user.json need=Authorization:Bearer",
          timeline + "&pagination_token=7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i 200 s1-tweets-2.json",
          timeline + " 200 s1-tweets-1.json need=Authorization:Bearer",
          search + " 200 conversation-t11.json",
          "GET /2/tweets?ids=%s&%s 200 edits-t11.json" % (T(11), FIELDS),
          "GET /2/tweets?ids=%s&tweet.fields=id 200 lookup-t20.json" % T(20)] + media
    s2 = ["# scene 2: T2 deleted, T10 edited, T15 new; no search in this tier",
          "GET /2/users/by/username/exempelby 200 user.json",
          timeline + "&pagination_token=7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5j 200 s2-tweets-2.json",
          timeline + " 200 s2-tweets-1.json headers=rate-limit.headers",
          search + " 403 forbidden-search.json",
          "GET /2/tweets?ids=%s&%s 200 edits-t10.json" % (T(10), FIELDS),
          "GET /2/tweets?ids=%s,1790000000000000101&tweet.fields=id 200 lookup-t2.json" % T(2)] + media
    for name, lines in (("s1.rules", s1), ("s2.rules", s2)):
        with open(os.path.join(OUT, name), "w") as f:
            f.write("\n".join(lines) + "\n")


main()
