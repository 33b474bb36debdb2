#!/usr/bin/env python3
"""Write the recorded answers of the YouTube Data API v3 for the fetch tests:
the channel of the project's Takeout fixture (../youtube-2025), its two videos
and the comment threads on them, so that a video or comment read through the
API and through the Takeout is the same item (the same id, text, parent).
Deterministic: run it only to change the fixtures (then update ../README.md
and tests/e2e/t1415-fetch-youtube.sh). Shaped as the API answers (kind, etag,
pageInfo, items; compact JSON)."""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "youtube")
CHANNEL = "UCexempelbyKommun0000001"
UPLOADS = "UUexempelbyKommun0000001"


def etag(s):
    return "Etag" + "".join(c for c in s if c.isalnum())[:20]


def author(name, channel):
    return {"authorDisplayName": name, "authorProfileImageUrl": "https://yt3.ggpht.com/ytc/" + channel,
            "authorChannelUrl": "http://www.youtube.com/" + name, "authorChannelId": {"value": channel}}


ME = author("@exempelbykommun", CHANNEL)
ANNA = author("@annaexempel", "UCannaExempel00000000001")
PER = author("@perexempel", "UCperExempel000000000001")
LISA = author("@lisaexempel", "UClisaExempel00000000001")
EVA = author("@evaexempel", "UCevaExempel000000000001")
OLOF = author("@olofexempel", "UColofExempel00000000001")


def comment(cid, video, who, text, published, updated=None, parent=None):
    sn = {"channelId": CHANNEL, "videoId": video, "textDisplay": text, "textOriginal": text}
    if parent:
        sn["parentId"] = parent
    sn.update(who)
    sn.update({"canRate": True, "viewerRating": "none", "likeCount": 0,
               "publishedAt": published, "updatedAt": updated or published})
    return {"kind": "youtube#comment", "etag": etag(cid + (updated or "")), "id": cid, "snippet": sn}


def thread(top, replies=(), total=None):
    t = {"kind": "youtube#commentThread", "etag": etag(top["id"] + "t"), "id": top["id"],
         "snippet": {"channelId": CHANNEL, "videoId": top["snippet"]["videoId"], "topLevelComment": top,
                     "canReply": True, "totalReplyCount": len(replies) if total is None else total,
                     "isPublic": True}}
    if replies:
        t["replies"] = {"comments": list(replies)}
    return t


def answer(kind, items, next_token=None, per_page=20):
    a = {"kind": kind, "etag": etag(kind + str(len(items)) + (next_token or ""))}
    if next_token:
        a["nextPageToken"] = next_token
    a["pageInfo"] = {"totalResults": len(items), "resultsPerPage": per_page}
    a["items"] = items
    return a


def write(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, separators=(",", ":"))


def main():
    os.makedirs(OUT, exist_ok=True)
    write("channel.json", answer("youtube#channelListResponse", [{
        "kind": "youtube#channel", "etag": etag("channel"), "id": CHANNEL,
        "snippet": {"title": "Exempelby kommun", "description": "Exempelby kommuns officiella kanal.",
                    "customUrl": "@exempelbykommun", "publishedAt": "2019-05-02T08:00:00Z",
                    "country": "SE"},
        "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": UPLOADS}}}], per_page=5))
    write("uploads.json", answer("youtube#playlistItemListResponse", [
        {"kind": "youtube#playlistItem", "etag": etag("pi1"), "id": "VVVleGVtcGVsYnkua2ZNYXJz",
         "contentDetails": {"videoId": "kfMars2024A", "videoPublishedAt": "2024-03-18T18:00:00Z"}},
        {"kind": "youtube#playlistItem", "etag": etag("pi2"), "id": "VVVleGVtcGVsYnkuc25vcm8",
         "contentDetails": {"videoId": "snorojning1", "videoPublishedAt": "2024-01-10T12:00:00Z"}}], per_page=50))
    videos = [
        {"kind": "youtube#video", "etag": etag("kf"), "id": "kfMars2024A",
         "snippet": {"publishedAt": "2024-03-18T17:55:00Z", "channelId": CHANNEL,
                     "title": "Kommunfullmäktige 18 mars 2024",
                     "description": "Kommunfullmäktiges sammanträde den 18 mars 2024.\nDagordning: se webben.",
                     "thumbnails": {"default": {"url": "https://i.ytimg.com/vi/kfMars2024A/default.jpg", "width": 120, "height": 90}},
                     "channelTitle": "Exempelby kommun", "categoryId": "25", "liveBroadcastContent": "none",
                     "defaultLanguage": "sv", "localized": {"title": "Kommunfullmäktige 18 mars 2024",
                     "description": "Kommunfullmäktiges sammanträde den 18 mars 2024.\nDagordning: se webben."}},
         "status": {"uploadStatus": "processed", "privacyStatus": "public", "license": "youtube",
                    "embeddable": True, "publicStatsViewable": True, "madeForKids": False}},
        {"kind": "youtube#video", "etag": etag("sno"), "id": "snorojning1",
         "snippet": {"publishedAt": "2024-01-10T09:00:00Z", "channelId": CHANNEL,
                     "title": "Snöröjning: så går det till", "description": "Så plogar vi gatorna i Exempelby.",
                     "thumbnails": {"default": {"url": "https://i.ytimg.com/vi/snorojning1/default.jpg", "width": 120, "height": 90}},
                     "channelTitle": "Exempelby kommun", "categoryId": "27", "liveBroadcastContent": "none",
                     "defaultLanguage": "sv", "localized": {"title": "Snöröjning: så går det till",
                     "description": "Så plogar vi gatorna i Exempelby."}},
         "status": {"uploadStatus": "processed", "privacyStatus": "public", "license": "youtube",
                    "embeddable": True, "publicStatsViewable": True, "madeForKids": False}}]
    write("videos.json", answer("youtube#videoListResponse", videos, per_page=2))
    anna = comment("UgAnnaFragarOmKFxxxxxx4AaABAg", "kfMars2024A", ANNA, "När kommer protokollet?", "2024-03-19T07:40:00Z")
    svar_anna = comment("UgSvarTillAnnaxxxxxxxx4AaABAg", "kfMars2024A", ME, "Tack Anna! Vi svarar i nästa sändning.",
                        "2024-03-19T09:30:00Z", parent=anna["id"])
    kf = comment("UgKfProtokollxxxxxxxxx4AaABAg", "kfMars2024A", ME,
                 "Protokollet finns här: https://www.exempelby.example/kf", "2024-03-19T08:00:00Z")
    kf2 = comment("UgKfProtokollxxxxxxxxx4AaABAg", "kfMars2024A", ME,
                  "Protokollet finns här: https://www.exempelby.example/kf (justerat 22 mars)",
                  "2024-03-19T08:00:00Z", updated="2024-03-22T10:15:00Z")
    per = comment("UgPerUndrarOmSnoxxxxxx4AaABAg", "snorojning1", PER, "När plogas Norrby?", "2024-04-07T17:00:00Z")
    svar_per = comment("UgSvarTillPerxxxxxxxxx4AaABAg", "snorojning1", ME, "Plogbilen kommer i morgon bitti.",
                       "2024-04-07T18:00:00Z", parent=per["id"])
    per_tack = comment("UgPerUndrarOmSnoxxxxxx4AaABAg.A1TackPer0000000000", "snorojning1", PER, "Tack!",
                       "2024-04-07T18:20:00Z", parent=per["id"])
    lisa = comment("UgPerUndrarOmSnoxxxxxx4AaABAg.A1LisaOcksa00000000", "snorojning1", LISA,
                   "Här på Lindvägen också!", "2024-04-07T19:02:00Z", parent=per["id"])
    hej = comment("UgHejAllaxxxxxxxxxxxxx4AaABAg", "snorojning1", ME, "Hej \"alla\" och @NorrbyHembygd\nrad två",
                  "2024-04-06T07:15:00Z")
    eva = comment("UgEvaBraFilmxxxxxxxxxx4AaABAg", "snorojning1", EVA, "Bra film!", "2024-04-08T06:30:00Z")
    olof = comment("UgOlofTackSandningxxxx4AaABAg", "kfMars2024A", OLOF, "Tack för sändningen!", "2024-04-09T12:00:00Z")
    # scene 1: five threads in two pages, the third carrying one of its three replies
    write("s1-threads-1.json", answer("youtube#commentThreadListResponse",
          [thread(eva), thread(per, [svar_per], total=3), thread(hej)], next_token="QURTSl9pM0V4ZW1wZWxieTE"))
    write("s1-threads-2.json", answer("youtube#commentThreadListResponse", [thread(anna, [svar_anna]), thread(kf)]))
    write("replies-per.json", answer("youtube#commentListResponse", [svar_per, per_tack, lisa]))
    # scene 2: Eva's comment deleted, the channel's edited, Olof's new
    write("s2-threads-1.json", answer("youtube#commentThreadListResponse",
          [thread(olof), thread(per, [svar_per], total=3), thread(hej)], next_token="QURTSl9pM0V4ZW1wZWxieTI"))
    write("s2-threads-2.json", answer("youtube#commentThreadListResponse", [thread(anna, [svar_anna]), thread(kf2)]))
    # asked by id whether they are still there
    write("check-elsewhere.json", answer("youtube#commentListResponse", [
        {"kind": "youtube#comment", "etag": etag("oh"), "id": "UgOppetHusxxxxxxxxxxxx4AaABAg"},
        {"kind": "youtube#comment", "etag": etag("se"), "id": "UgSeTolvTrettiofyraxxx4AaABAg"}]))
    write("check-eva.json", answer("youtube#commentListResponse", []))
    write("key-invalid.json", {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
          "errors": [{"message": "API key not valid. Please pass a valid API key.", "domain": "global",
                      "reason": "badRequest"}], "status": "INVALID_ARGUMENT",
          "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                       "domain": "googleapis.com", "metadata": {"service": "youtube.googleapis.com"}}]}})
    write("quota.json", {"error": {"code": 403, "message": "The request cannot be completed because you have "
          "exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
          "errors": [{"message": "The request cannot be completed because you have exceeded your "
                      "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.", "domain": "youtube.quota",
                      "reason": "quotaExceeded"}]}})
    write("oauth-token.json", {"access_token": "ya29.a0AfExempelbyAccessToken0001", "expires_in": 3599,
                               "scope": "https://www.googleapis.com/auth/youtube.force-ssl",
                               "token_type": "Bearer"})
    rules()


def rules():
    common = [
        "GET /youtube/v3/playlistItems?part=contentDetails&maxResults=50&playlistId=%s 200 uploads.json" % UPLOADS,
        "GET /youtube/v3/videos?part=snippet,status&id=kfMars2024A,snorojning1 200 videos.json",
        "GET /youtube/v3/comments?part=snippet&maxResults=100&textFormat=plainText&parentId=UgPerUndrarOmSnoxxxxxx4AaABAg 200 replies-per.json",
        "GET /youtube/v3/comments?part=id&id=UgOppetHusxxxxxxxxxxxx4AaABAg,UgSeTolvTrettiofyraxxx4AaABAg 200 check-elsewhere.json",
        "GET /youtube/v3/comments?part=id&id=UgEvaBraFilmxxxxxxxxxx4AaABAg 200 check-eva.json",
    ]
    threads = ("GET /youtube/v3/commentThreads?part=snippet,replies&maxResults=100&order=time"
               "&textFormat=plainText&allThreadsRelatedToChannelId=" + CHANNEL)
    for scene in ("s1", "s2"):
        token = "QURTSl9pM0V4ZW1wZWxieTE" if scene == "s1" else "QURTSl9pM0V4ZW1wZWxieTI"
        lines = ["# %s: the channel, its videos and their comment threads (see ../README.md)" % scene,
                 "GET /youtube/v3/channels?part=snippet,contentDetails&forHandle=@exempelbykommun 200 channel.json need=X-Goog-Api-Key:AIza",
                 "GET /youtube/v3/channels?part=snippet,contentDetails&id=%s 200 channel.json" % CHANNEL,
                 "GET /youtube/v3/channels?part=snippet,contentDetails&mine=true 200 channel.json need=Authorization:Bearer",
                 threads + "&pageToken=" + token + " 200 %s-threads-2.json" % scene,
                 threads + " 200 %s-threads-1.json" % scene] + common
        with open(os.path.join(OUT, scene + ".rules"), "w") as f:
            f.write("\n".join(lines) + "\n")


main()
