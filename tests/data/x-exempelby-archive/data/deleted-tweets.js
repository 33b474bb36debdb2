window.YTD.deleted_tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000020"
          ],
          "editableUntil" : "2024-04-01T09:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000020/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFsop00",
            "media_url" : "http://pbs.twimg.com/media/Fsop0001AAA.png",
            "id_str" : "1790000000000000020",
            "id" : "1790000000000000020",
            "media_url_https" : "https://pbs.twimg.com/media/Fsop0001AAA.png",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Fsop0001AA",
            "ext_alt_text" : "Sopbil i snön"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000020/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFsop00",
            "media_url" : "http://pbs.twimg.com/media/Fsop0001AAA.png",
            "id_str" : "1790000000000000020",
            "id" : "1790000000000000020",
            "media_url_https" : "https://pbs.twimg.com/media/Fsop0001AAA.png",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Fsop0001AA",
            "ext_alt_text" : "Sopbil i snön"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "62"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000020",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000020",
      "created_at" : "Wed Apr 03 06:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Sophämtningen i Norrby är inställd i dag. https://t.co/pSop001",
      "lang" : "sv",
      "deleted_at" : "Wed Apr 03 06:45:00 +0000 2024"
    }
  }
]