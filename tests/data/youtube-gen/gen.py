#!/usr/bin/env python3
"""Write the YouTube fixtures of tests/data (see tests/data/youtube.md).

Google Takeouts of the fictional channel of Exempelby kommun, in the
layouts Takeout has used: 2025 (comments.csv with parent, post and
top-level columns, live chats, video metadata, the video files), a later
Takeout with an edited and a deleted comment, 2023 (Title Case headers,
"takeoutSegments", CRLF), a Catalan one and a Finnish one (columns in
another order, names we do not know), and the HTML of before 2022.
Deterministic: run it only to change the fixtures, then update the counts
in tests/data/youtube.md and the tests that assert them.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
ROOT = "Takeout/YouTube and YouTube Music"
CHANNEL = "UCexempelbyKommun0000001"   # UC + 22
assert len(CHANNEL) == 24

V_KF = "kfMars2024A"        # the channel's own videos (11 characters)
V_SNO = "snorojning1"
V_OTHER = "abcdefghijk"     # somebody else's video
POST = "UgkxExempelbyOppetHus2024aaaaaaaaaaa"   # a community post


def cid(tag):
    """A comment id in Takeout's shape: 'Ug', 20 more, 'AaABAg'."""
    core = (tag + "x" * 20)[:20]
    return "Ug" + core + "4AaABAg"


def q(s):
    return '"' + s.replace('"', '""') + '"'


def segs(*parts):
    """The comment text as Takeout writes it since 2024: segments, no brackets."""
    return ",".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in parts)


def old_segs(*parts):
    """Before 2024: {"takeoutSegments":[...]}."""
    return json.dumps({"takeoutSegments": list(parts)}, ensure_ascii=False, separators=(",", ":"))


def write(rel, text, newline="\n", raw=None):
    path = os.path.join(DATA, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(raw if raw is not None else text.replace("\n", newline).encode("utf-8"))


T = lambda s: {"text": s}


def takeout_2025(folder, later):
    r = folder + "/" + ROOT
    head = ("Comment ID,Channel ID,Comment create timestamp,Price,Parent comment ID,Post ID,"
            "Video ID,Comment text,Top-level comment ID")
    rows = [head]
    anna = cid("AnnaFragarOmKF")
    # 1: on our own video, with a link segment; edited in the later Takeout
    rows.append(",".join([cid("KfProtokoll"), CHANNEL, "2024-03-19T08:00:00.123456+00:00", "0", "",
                          "", V_KF, q(segs(T("Protokollet finns här: " if not later else
                                             "Protokollet (justerat) finns här: "),
                                           {"text": "https://www.exempelby.example/kf",
                                            "link": {"url": "https://www.exempelby.example/kf"}})),
                          ""]))
    # 2: a reply to Anna's comment
    rows.append(",".join([cid("SvarTillAnna"), CHANNEL, "2024-03-19T09:30:00+00:00", "0", anna,
                          "", V_KF, q(segs(T("Tack Anna! Vi svarar i nästa sändning."))), anna]))
    # 3: on our community post; gone from the later Takeout
    if not later:
        rows.append(",".join([cid("OppetHus"), CHANNEL, "2024-04-02T10:00:00+00:00", "0", "",
                              POST, "", q(segs(T("Välkommen på öppet hus!"))), ""]))
    # 4: on somebody else's video, with a video time
    rows.append(",".join([cid("SeTolvTrettiofyra"), CHANNEL, "2024-04-05T12:00:00+00:00", "0", "",
                          "", V_OTHER,
                          q(segs(T("Se "), {"text": "12:34", "videoLink": {"externalVideoId": V_OTHER,
                                                                          "startTimeSeconds": 754}},
                                 T(" om snöröjningen"))), ""]))
    # 5: quotes, a line break segment, a mention
    rows.append(",".join([cid("HejAlla"), CHANNEL, "2024-04-06T07:15:00+00:00", "0", "", "", V_SNO,
                          q(segs(T('Hej "alla" och '), {"text": "@NorrbyHembygd",
                                                       "mention": {"externalChannelId": "UCnorrby"}},
                                 T("\n"), T("rad två"))), ""]))
    # 6: a reply whose parent column is empty but whose thread is given
    top = cid("PerUndrarOmSno")
    rows.append(",".join([cid("SvarTillPer"), CHANNEL, "2024-04-07T18:00:00+00:00", "0", "", "",
                          V_SNO, q(segs(T("Plogbilen kommer i morgon bitti."))), top]))
    if later:
        rows.append(",".join([cid("NyKommentar"), CHANNEL, "2024-05-01T06:00:00+00:00", "0", "", "",
                              V_KF, q(segs(T("Glad valborg!"))), ""]))
    write(r + "/comments/comments.csv", "\n".join(rows) + "\n\n\n")

    write(r + "/live chats/live chats.csv", "\n".join([
        "Live chat ID,Channel ID,Live chat create timestamp,Price,Video ID,Live chat text",
        ",".join(["UgyLiveChatKfEtt000004AaABDqgBkf0000000", CHANNEL, "2024-03-18T18:05:00+00:00",
                  "0", V_KF, q(segs(T("Välkommen till sändningen!")))]),
        ",".join(["UgyLiveChatKfTva000004AaABDqgBkf0000001", CHANNEL, "2024-03-18T18:45:10+00:00",
                  "0", V_KF, q(segs(T("Paus i tio minuter, "), T("vi är strax tillbaka.")))]),
    ]) + "\n")

    sno_title = "Snöröjning: så går det till" if not later else "Snöröjning: så går det till (2024)"
    write(r + "/video metadata/videos.csv", "\n".join([
        "Video ID,Approx duration (ms),Video category,Video description (original),Channel ID,"
        "Video title (original),Privacy,Video state,Video create timestamp,Video publish timestamp",
        ",".join([V_KF, "7200000", "News & Politics",
                  q("Kommunfullmäktiges sammanträde den 18 mars 2024.\nDagordning: se webben."),
                  CHANNEL, "Kommunfullmäktige 18 mars 2024", "Public", "Processed",
                  "2024-03-18T17:55:00+00:00", "2024-03-18T18:00:00+00:00"]),
        ",".join([V_SNO, "95000", "Education", q("Så plogar vi gatorna i Exempelby."), CHANNEL,
                  q(sno_title), "Public", "Processed",
                  "2024-01-10T09:00:00+00:00", "2024-01-10T12:00:00+00:00"]),
    ]) + "\n\n")
    write(r + "/video metadata/video texts.csv",
          "Video ID,Video text create timestamp,Video description text segments 1,"
          "Video title text segments 1,Video text update timestamp\n")
    write(r + "/video metadata/video recordings.csv",
          "Video ID,Video recording altitude,Video recording latitude,Video recording longitude\n")
    # the video files, named by title (':' cannot be in a file name)
    write(r + "/videos/Kommunfullmäktige 18 mars 2024.mp4", None, raw=b"\x00\x00\x00\x18ftypmp42 kf")
    write(r + "/videos/" + sno_title.replace(":", "_") + ".mp4", None, raw=b"\x00\x00\x00\x18ftypmp42 sno")
    write(r + "/channels/channel.csv", "Channel ID,Channel title (Original),Channel visibility\n"
          "%s,Exempelby kommun,Public\n" % CHANNEL)
    for name in ("Favoriter", "Kommunfullmäktige", "Snö och is", "Watch later"):
        write(r + "/playlists/%s videos.csv" % name, "Video ID,Playlist video creation timestamp\n"
              "%s,2024-03-20T10:00:00+00:00\n" % V_KF)
    write(r + "/subscriptions/subscriptions.csv", "Channel Id,Channel Url,Channel Title\n"
          "UCnorrby,http://www.youtube.com/channel/UCnorrby,Norrby hembygdsförening\n")
    write(r + "/history/watch-history.html", "<html><body><div>Watched a video</div></body></html>\n")
    write("%s/Takeout/archive_browser.html" % folder, "<html><body>Archive</body></html>\n")


def takeout_2023(folder):
    """Title Case headers, {"takeoutSegments": [...]}, CRLF."""
    r = folder + "/" + ROOT
    parent = cid("MajaFragarOmBad")
    write(r + "/comments/comments.csv", "\n".join([
        "Comment ID,Channel ID,Comment Create Timestamp,Price,Parent Comment ID,Video ID,Comment Text",
        ",".join([cid("Badet2023"), CHANNEL, "2023-06-01T08:00:00.5+00:00", "0", "", V_SNO,
                  q(old_segs(T("Badet öppnar den 10 juni.")))]),
        ",".join([parent + ".9pSvarMaja2023", CHANNEL, "2023-06-01T09:00:00+00:00", "0", parent,
                  V_SNO, q(old_segs(T('Hej Maja, "Norrbybadet" öppnar först.')))]),
        # before parent ids were given, a reply's id carried its parent's
        ",".join([parent + ".9pSvarIgen2023", CHANNEL, "2023-06-02T09:00:00+00:00", "0", "",
                  V_SNO, q(old_segs(T("Och Exempelbybadet en vecka senare.")))]),
    ]) + "\n", newline="\r\n")
    write(r + "/live chats/live chats.csv", "\n".join([
        "Live Chat ID,Channel ID,Live Chat Create Timestamp,Price,Video ID,Live Chat Text",
        ",".join(["UgwLiveChat2023000004AaABDqgBbad0000000", CHANNEL, "2023-06-01T18:00:00+00:00",
                  "0", V_SNO, q(old_segs(T("Frågor tas i chatten.")))]),
    ]) + "\n", newline="\r\n")


def takeout_ca(folder):
    """Catalan names, the columns in the order of the Takeouts since mid-2024."""
    r = folder + "/Takeout/YouTube i YouTube Music"
    write(r + "/comentaris/comentaris.csv", "\n".join([
        "Identificador del canal,Marca de temps de creació del comentari,Preu,"
        "Identificador de comentari,Identificador del comentari principal,Identificador del vídeo,"
        "Text del comentari",
        ",".join([CHANNEL, "2024-09-01T10:00:00+00:00", "0", cid("Catala1"), "", V_KF,
                  q(segs(T("Bon dia från Exempelby!")))]),
        ",".join([CHANNEL, "2024-09-02T10:00:00+00:00", "0", cid("Catala2"), cid("Catala1"), V_KF,
                  q(segs(T("Svar på katalanska.")))]),
    ]) + "\n")
    write(r + "/xats en directe/xats en directe.csv", "\n".join([
        "Identificador del xat en directe,Identificador del canal,"
        "Marca de temps de creació del xat en directe,Preu,Identificador del vídeo,"
        "Text del xat en directe",
        ",".join(["UgzXatEnDirecte00004AaABDqgBca00000000", CHANNEL, "2024-09-03T18:00:00+00:00",
                  "0", V_KF, q(segs(T("Hola!")))]),
    ]) + "\n")
    write(r + "/llistes de reproducció/Preferits-vídeos.csv",
          "Identificador del vídeo,Marca de temps de creació del vídeo de la llista\n")


def takeout_fi(folder):
    """Finnish names nobody taught us: the columns are found by what they hold."""
    r = folder + "/Takeout/YouTube ja YouTube Music"
    write(r + "/kommentit/kommentit.csv", "\n".join([
        "Kanavan tunnus,Kommentin luontiaikaleima,Hinta,Kommentin tunnus,Videon tunnus,Kommentin sisältö",
        ",".join([CHANNEL, "2024-10-01T10:00:00+00:00", "0", cid("Suomi1"), V_KF,
                  q(segs(T("Hyvää päivää Exempelbystä!")))]),
    ]) + "\n")


def html_li(body):
    return "<li>" + body + "</li>"


def takeout_html(folder):
    """Before 2022: my-comments.html, a list of what the account wrote."""
    r = folder + "/" + ROOT
    anna = "UgwAnnaFraga2021aaaa4AaABAg"
    items = [
        html_li('You added a <a href="https://www.youtube.com/watch?v=kfMars2021A&amp;lc=%s">comment</a> '
                'on <a href="https://www.youtube.com/watch?v=kfMars2021A">Kommunfullm&auml;ktige mars 2021</a> '
                'at 2021-03-16 09:12:45 UTC.<br/>Tack f&ouml;r fr&aring;gan! Protokollet finns p&aring; '
                '<a href="https://www.exempelby.example/kf">webben</a>.' % cid("Html2021Kf")),
        html_li('You <a href="https://www.youtube.com/watch?v=kfMars2021A&amp;lc=%s.9lSvarAnna2021">replied</a> '
                'to a <a href="https://www.youtube.com/watch?v=kfMars2021A&amp;lc=%s">comment</a> on '
                '<a href="https://www.youtube.com/watch?v=kfMars2021A">Kommunfullm&auml;ktige mars 2021</a> '
                'at 2021-03-16 10:00:00 UTC.<br/>Hej Anna, svaret &auml;r ja.<br>Mvh Exempelby kommun'
                % (anna, anna)),
        html_li('Sent at 2019-11-02 14:00:00 UTC while watching '
                '<a href="http://www.youtube.com/watch?v=snorojning1">a video</a>.<br/>Bra film &amp; '
                'tack f&#246;r visningen!'),
        html_li('Commented on <a href="http://www.youtube.com/watch?v=gammal12345&amp;lc=z13gammalkommentar">'
                'a video</a> 2016-06-15T08:50:49Z<br/>Gammal kommentar'),
        html_li('A comment whose time was lost.<br/>Utan tid'),
    ]
    write(r + "/my-comments/my-comments.html",
          "<html><head><meta charset=\"utf-8\"><title>Comments</title></head><body>\n<ul>\n"
          + "\n".join(items) + "\n</ul>\n</body></html>\n")
    write(r + "/my-live-chat-messages/my-live-chat-messages.html",
          "<html><body><ul>" + html_li(
              'Sent at 2020-12-24 15:00:00 UTC while watching '
              '<a href="https://www.youtube.com/watch?v=julsandning">a video</a>.<br/>God jul fr&aring;n '
              'Exempelby!') + "</ul></body></html>\n")
    write(r + "/subscriptions/subscriptions.json", "[]\n")


def main():
    takeout_2025("youtube-2025", False)
    takeout_2025("youtube-2025-later", True)
    takeout_2023("youtube-2023-titlecase")
    takeout_ca("youtube-2024-ca")
    takeout_fi("youtube-2024-fi")
    takeout_html("youtube-2021-html")


if __name__ == "__main__":
    main()
