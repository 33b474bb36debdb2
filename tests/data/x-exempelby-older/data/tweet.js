window.YTD.tweet.part0 = [
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "65"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1100000000000000002",
      "in_reply_to_user_id" : "1600000000000000099",
      "in_reply_to_status_id" : "1100000000000000002",
      "in_reply_to_screen_name" : "medborgare",
      "in_reply_to_user_id_str" : "1600000000000000099",
      "id_str" : "1100000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1100000000000000003",
      "created_at" : "Thu Mar 07 09:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "@medborgare Biblioteket har öppet till 20 i kväll &amp; i morgon.",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1100000000000000001/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pD0var0",
            "media_url" : "http://pbs.twimg.com/media/D0var001AAA.jpg",
            "id_str" : "1700000000000000001",
            "id" : "1700000000000000001",
            "media_url_https" : "https://pbs.twimg.com/media/D0var001AAA.jpg",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/D0var001AA",
            "ext_alt_text" : "Krokusar vid kyrkan"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1100000000000000001/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pD0var0",
            "media_url" : "http://pbs.twimg.com/media/D0var001AAA.jpg",
            "id_str" : "1700000000000000001",
            "id" : "1700000000000000001",
            "media_url_https" : "https://pbs.twimg.com/media/D0var001AAA.jpg",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/D0var001AA",
            "ext_alt_text" : "Krokusar vid kyrkan"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "51"
      ],
      "favorite_count" : "0",
      "id_str" : "1100000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1100000000000000001",
      "created_at" : "Mon Mar 04 08:00:00 +0000 2019",
      "favorited" : false,
      "full_text" : "Vårens första dag i Exempelby! https://t.co/pVar001",
      "lang" : "sv"
    }
  }
]