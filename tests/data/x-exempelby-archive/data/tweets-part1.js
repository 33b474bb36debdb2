window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000002"
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
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "87"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000002",
      "created_at" : "Tue Apr 02 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Simhallen &amp; biblioteket har öppet 10&gt;18 under påsklovet. Vi &lt;3 våra besökare!",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000001"
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
        "urls" : [
          {
            "url" : "https://t.co/webb001",
            "expanded_url" : "https://www.exempelby.se",
            "display_url" : "www.exempelby.se",
            "indices" : [
              "0",
              "23"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "67"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000001",
      "created_at" : "Mon Apr 01 08:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Välkommen till Exempelby kommuns konto! Mer på https://t.co/webb001",
      "lang" : "sv"
    }
  }
]