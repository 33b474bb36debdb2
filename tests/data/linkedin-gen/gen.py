#!/usr/bin/env python3
"""Write the LinkedIn fixtures of tests/data (see tests/data/linkedin.md).

Exempelby kommun is fictional; the people, posts and links are made up.
Deterministic: run it only to change the fixtures, then update the counts
in tests/data/linkedin.md and the tests that assert them.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
FEED = "https://www.linkedin.com/feed/update/urn%3Ali%3A"


def share(n):
    return FEED + "share%3A71900000000000000" + "%02d" % n


def activity(n):
    return FEED + "activity%3A71800000000000000" + "%02d" % n


def q(s):
    """Quote a field as RFC 4180 does."""
    return '"' + s.replace('"', '""') + '"'


def wrapped(lines):
    """A multi-line ShareCommentary as LinkedIn writes it: each line in literal quotes."""
    return q('"\n"'.join(lines))


def bq(s):
    """A Comments.csv message as LinkedIn writes it: quotes escaped with a backslash."""
    return '"' + s.replace('"', '\\"') + '"'


def write(rel, text, encoding="utf-8", newline="\n"):
    path = os.path.join(DATA, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.replace("\n", newline)
    with open(path, "wb") as f:
        if encoding == "utf-16-le":
            f.write(b"\xff\xfe")
        elif encoding == "utf-8-sig":
            f.write(b"\xef\xbb\xbf")
            encoding = "utf-8"
        f.write(data.encode(encoding))


POST_A = ["Välkommen till Exempelby kommuns sida på LinkedIn!", "",
          'Här berättar vi om jobben, samhällsbyggandet och "livet i kommunen".',
          "Följ oss gärna."]
POST_A2 = POST_A + ["", "Nu är vi 1 000 följare, tack!"]


def shares(later):
    rows = ["Date,ShareLink,ShareCommentary,%s,MediaUrl,Visibility"
            % ("SharedURL" if later else "SharedUrl")]
    if later:
        rows.append("2024-06-10 13:00:00,%s,%s,,,MEMBER_NETWORK" % (
            share(6), q("Sommarjobb för unga: ansök senast 15 juni.")))
    rows.append("2024-05-02 08:15:21,%s,%s,,,MEMBER_NETWORK" % (
        share(1), wrapped(POST_A2 if later else POST_A)))
    job = q("Vi söker en planeringsarkitekt till samhällsbyggnadsförvaltningen, "
            "sista ansökningsdag 31 maj.")
    for k in (1, 2, 3):
        rows.append("2024-04-20 10:00:00,%s,%s,https://www.exempelby.example/jobb/planeringsarkitekt,"
                    "https://media.licdn.example/dms/image/exempelby-jobb-%d.jpg,PUBLIC" % (share(2), job, k))
    if not later:
        rows.append("2024-04-01 07:30:00,%s,,,,MEMBER_NETWORK" % share(3))
    rows.append("2024-03-15 12:00:00,%s,%s,https://www.exempelby.example/kf,,PUBLIC" % (
        share(4), q("Kommunfullmäktige sammanträder i kväll kl. 18.00 och sänds på "
                    "https://www.exempelby.example/kf")))
    rows.append("2024-03-01 09:00:00,%s,%s,,,PUBLIC" % (
        share(5), q('Årets "Exempelbypris" går till Norrby hembygdsförening.')))
    return "\n".join(rows) + "\n"


def comments(later):
    rows = ["Date,Link,Message"]
    if later:
        rows.append("2024-06-11 08:00:00,%s,%s" % (activity(7), "Grattis till alla sommarjobbare!"))
    rows += [
        "2024-05-03 09:00:00,%s,%s" % (activity(1), "Tack för att ni delar!"),
        "2024-05-02 14:30:00,%s,%s" % (activity(2), bq('Hon frågade "när öppnar badet?" och svaret är 1 juni.')),
        # LinkedIn leaves these line breaks unquoted
        "2024-04-28 16:45:12,%s,%s" % (activity(3), "Bra fråga!\n\nVi återkommer med svar i veckan."),
        # a line of the message starts with a time, but no link follows it
        "2024-04-25 11:11:11,%s,%s" % (activity(4), bq("Mötet flyttas.\n2024-05-01 10:00 blir den nya tiden, i Stadshuset.")),
    ]
    if not later:
        rows.append("2024-04-20 08:00:00,%s,%s" % (activity(5), bq("Ja, absolut, välkommen!")))
    rows.append("2024-04-10 07:00:00,%s,%s" % (activity(6), bq('Vi kallar det "Exempelbymodellen"')))
    return "\n".join(rows) + "\n"


def main():
    # linkedin-2024: Shares.csv with CRLF, Comments.csv in LinkedIn's own dialect
    write("linkedin-2024/Shares.csv", shares(False), newline="\r\n")
    write("linkedin-2024/Comments.csv", comments(False))
    write("linkedin-2024/Reactions.csv",
          "Date,Type,Link\n2024-05-03 08:59:00,LIKE,%s\n2024-05-02 14:29:00,PRAISE,%s\n"
          % (activity(1), activity(2)))
    write("linkedin-2024/Connections.csv",
          "Notes:\n\"When exporting your connection data, you may notice...\"\n\n"
          "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
          "Anna,Exempelsson,https://www.linkedin.com/in/anna-exempel,,Norrby AB,VD,02 May 2024\n")
    write("linkedin-2024/Profile.csv",
          "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
          "Geo Location,Twitter Handles,Websites,Instant Messengers\n"
          "Exempelby,Kommun,,,,Kommunikationsenheten,,Offentlig förvaltning,,Exempelby,,,\n")
    # linkedin-2024-later: a month on; SharedURL spelt so, a BOM, LF
    write("linkedin-2024-later/Shares.csv", shares(True), encoding="utf-8-sig")
    write("linkedin-2024-later/Comments.csv", comments(True))
    write("linkedin-2024-later/Reactions.csv", "Date,Type,Link\n")
    # linkedin-2017-utf16: the export before 2019, UTF-16 with a BOM, tab-separated
    write("linkedin-2017-utf16/Shares.csv",
          "Date\tShare Link\tShare Commentary\tShared URL\tMedia URL\tVisibility\n"
          "2017-11-20 09:30:00\t%s\t%s\t\t\tPUBLIC\n"
          "2017-10-05 15:00:00\t%s\t%s\thttps://www.exempelby.example/val\t\tPUBLIC\n"
          "2017-09-01 08:00:00\t%s\tHöstens första fullmäktige: tisdag 12 september\t\t\tCONNECTIONS\n"
          % (share(91), q("Första snön i Exempelby 🌨️\nSnöröjningen är i gång, kör försiktigt!"),
             share(92), q("Rösta i \"medborgarbudgeten\"\tsenast fredag."),
             share(93)), encoding="utf-16-le", newline="\r\n")
    write("linkedin-2017-utf16/Comments.csv",
          "Date\tLink\tMessage\n"
          "2017-11-21 10:00:00\t%s\t%s\n"
          "2017-10-06 12:00:00\t%s\tTack, vi rättar länken.\n"
          % (activity(91), q("Tack för tipset!\nVi skickar ut en plogbil."), activity(92)),
          encoding="utf-16-le", newline="\r\n")
    # linkedin-2018-slashes: an export before 2019 with its times as "YYYY/MM/DD HH:MM:SS UTC"
    write("linkedin-2018-slashes/Shares.csv",
          "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
          "2018/06/08 08:15:44 UTC,%s,%s,,,PUBLIC\n"
          "2018/03/01 12:00:00 UTC,%s,%s,https://www.exempelby.example/budget,,PUBLIC\n"
          "2017/12/24 09:00:00 UTC,%s,God jul från Exempelby kommun!,,,CONNECTIONS\n"
          % (share(81), q("Nationaldagen firas i Stadsparken.\nVälkommen!"),
             share(82), q("Budgeten för 2018 är beslutad."), share(83)), newline="\r\n")
    write("linkedin-2018-slashes/Comments.csv",
          "Date,Link,Message\n"
          "2018/06/09 10:00:00 UTC,%s,%s\n"
          # LinkedIn leaves these line breaks unquoted; the second line starts with a date
          "2018/03/02 07:30:00 UTC,%s,Tack!\n2018/03/05 blir det möte om budgeten.\n"
          "2017/12/24 11:00:00 UTC,%s,God jul!\n"
          % (activity(81), bq("Vi ses i parken."), activity(82), activity(83)))


if __name__ == "__main__":
    main()
