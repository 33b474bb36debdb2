window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "edit" : {
          "initialTweetId" : "1790000000000000011",
          "editControlInitial" : {
            "editTweetIds" : [
              "1790000000000000011",
              "1790000000000000012"
            ],
            "editableUntil" : "2024-04-20T09:00:00.000Z",
            "editsRemaining" : "4",
            "isEditEligible" : false
          }
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
        "84"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000012",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000012",
      "created_at" : "Sat Apr 20 08:20:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Kommunfullmäktige sammanträder tisdag 23 april kl. 18.00 i kommunhuset (ändrad dag).",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000011",
            "1790000000000000012"
          ],
          "editableUntil" : "2024-04-20T09:00:00.000Z",
          "editsRemaining" : "4",
          "isEditEligible" : false
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
        "71"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000011",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000011",
      "created_at" : "Sat Apr 20 08:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Kommunfullmäktige sammanträder måndag 22 april kl. 18.00 i kommunhuset.",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000010"
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
            "url" : "https://t.co/quote01",
            "expanded_url" : "https://x.com/exempelbyrsk/status/1789999999999999000",
            "display_url" : "x.com/exempelbyrsk/statu",
            "indices" : [
              "0",
              "23"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "66"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000010",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000010",
      "created_at" : "Fri Apr 12 10:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Viktigt från räddningstjänsten, läs och dela! https://t.co/quote01",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000009"
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
        "user_mentions" : [
          {
            "name" : "Räddningstjänsten Exempelby",
            "screen_name" : "exempelbyrsk",
            "indices" : [
              "0",
              "0"
            ],
            "id_str" : "1400000000000000002",
            "id" : "1400000000000000002"
          }
        ],
        "urls" : [],
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000009/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFrsk00",
            "media_url" : "http://pbs.twimg.com/media/Frsk0001AAA.jpg",
            "id_str" : "1790000000000000009",
            "id" : "1790000000000000009",
            "media_url_https" : "https://pbs.twimg.com/media/Frsk0001AAA.jpg",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Frsk0001AA",
            "source_status_id_str" : "1789999999999999000",
            "source_status_id" : "1789999999999999000",
            "source_user_id_str" : "1400000000000000002",
            "source_user_id" : "1400000000000000002"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000009/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFrsk00",
            "media_url" : "http://pbs.twimg.com/media/Frsk0001AAA.jpg",
            "id_str" : "1790000000000000009",
            "id" : "1790000000000000009",
            "media_url_https" : "https://pbs.twimg.com/media/Frsk0001AAA.jpg",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Frsk0001AA",
            "source_status_id_str" : "1789999999999999000",
            "source_status_id" : "1789999999999999000",
            "source_user_id_str" : "1400000000000000002",
            "source_user_id" : "1400000000000000002"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "112"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000009",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000009",
      "created_at" : "Thu Apr 11 09:30:00 +0000 2024",
      "favorited" : false,
      "full_text" : "RT @exempelbyrsk: Brandrisken är mycket stor i hela länet. Grilla bara på anvisade platser. https://t.co/prsk001",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000008"
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
        "user_mentions" : [
          {
            "name" : "En medborgare",
            "screen_name" : "medborgare",
            "indices" : [
              "0",
              "0"
            ],
            "id_str" : "1600000000000000099",
            "id" : "1600000000000000099"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "84"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1780000000000000099",
      "in_reply_to_user_id" : "1600000000000000099",
      "in_reply_to_status_id" : "1780000000000000099",
      "in_reply_to_screen_name" : "medborgare",
      "in_reply_to_user_id_str" : "1600000000000000099",
      "id_str" : "1790000000000000008",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000008",
      "created_at" : "Wed Apr 10 14:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "@medborgare Tack för ditt meddelande! Vi har skickat frågan vidare till gatuenheten.",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000007"
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
        "46"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1790000000000000006",
      "in_reply_to_user_id" : "1500000000000000001",
      "in_reply_to_status_id" : "1790000000000000006",
      "in_reply_to_screen_name" : "exempelby",
      "in_reply_to_user_id_str" : "1500000000000000001",
      "id_str" : "1790000000000000007",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000007",
      "created_at" : "Tue Apr 09 07:10:00 +0000 2024",
      "favorited" : false,
      "full_text" : "3/3 Tack för ert tålamod &amp; kör försiktigt!",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000006"
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
        "65"
      ],
      "favorite_count" : "0",
      "in_reply_to_status_id_str" : "1790000000000000005",
      "in_reply_to_user_id" : "1500000000000000001",
      "in_reply_to_status_id" : "1790000000000000005",
      "in_reply_to_screen_name" : "exempelby",
      "in_reply_to_user_id_str" : "1500000000000000001",
      "id_str" : "1790000000000000006",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000006",
      "created_at" : "Tue Apr 09 07:05:00 +0000 2024",
      "favorited" : false,
      "full_text" : "2/3 Först plogas huvudgator &amp; busslinjer, sedan bostadsgator.",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000005"
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
        "63"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000005",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000005",
      "created_at" : "Tue Apr 09 07:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "1/3 Så här går snöröjningen till i Exempelby i vinter. En tråd.",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000004"
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
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000004/video/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/vid0001",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/1/img/Tumnagel01.jpg",
            "id_str" : "1890000000000000004",
            "id" : "1890000000000000004",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "duration_millis" : "12000",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/amplify_video/1/pl/lista.m3u8?tag=16"
                },
                {
                  "bitrate" : "632000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1/vid/avc1/320x180/LagKvalitet01.mp4?tag=16"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1/vid/avc1/1280x720/HogKvalitet01.mp4?tag=16"
                }
              ]
            },
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/1/img/Tumnagel01.jpg",
            "sizes" : {},
            "type" : "video",
            "display_url" : "pic.x.com/video"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000004/video/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/vid0001",
            "media_url" : "http://pbs.twimg.com/amplify_video_thumb/1/img/Tumnagel01.jpg",
            "id_str" : "1890000000000000004",
            "id" : "1890000000000000004",
            "video_info" : {
              "aspect_ratio" : [
                "16",
                "9"
              ],
              "duration_millis" : "12000",
              "variants" : [
                {
                  "content_type" : "application/x-mpegURL",
                  "url" : "https://video.twimg.com/amplify_video/1/pl/lista.m3u8?tag=16"
                },
                {
                  "bitrate" : "632000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1/vid/avc1/320x180/LagKvalitet01.mp4?tag=16"
                },
                {
                  "bitrate" : "2176000",
                  "content_type" : "video/mp4",
                  "url" : "https://video.twimg.com/amplify_video/1/vid/avc1/1280x720/HogKvalitet01.mp4?tag=16"
                }
              ]
            },
            "media_url_https" : "https://pbs.twimg.com/amplify_video_thumb/1/img/Tumnagel01.jpg",
            "sizes" : {},
            "type" : "video",
            "display_url" : "pic.x.com/video"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "64"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000004",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000004",
      "created_at" : "Mon Apr 08 12:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Se filmen om den nya återvinningscentralen! https://t.co/vid0001",
      "lang" : "sv"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1790000000000000003"
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
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000003/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFbild1",
            "media_url" : "http://pbs.twimg.com/media/Fbild1AAA.png",
            "id_str" : "1790000000000000003",
            "id" : "1790000000000000003",
            "media_url_https" : "https://pbs.twimg.com/media/Fbild1AAA.png",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Fbild1AAA.",
            "ext_alt_text" : "Kommunhuset i vinterskrud med snö på taket"
          }
        ]
      },
      "extended_entities" : {
        "media" : [
          {
            "expanded_url" : "https://x.com/exempelby/status/1790000000000000003/photo/1",
            "indices" : [
              "0",
              "23"
            ],
            "url" : "https://t.co/pFbild1",
            "media_url" : "http://pbs.twimg.com/media/Fbild1AAA.png",
            "id_str" : "1790000000000000003",
            "id" : "1790000000000000003",
            "media_url_https" : "https://pbs.twimg.com/media/Fbild1AAA.png",
            "sizes" : {},
            "type" : "photo",
            "display_url" : "pic.x.com/Fbild1AAA.",
            "ext_alt_text" : "Kommunhuset i vinterskrud med snö på taket"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "41"
      ],
      "favorite_count" : "0",
      "id_str" : "1790000000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1790000000000000003",
      "created_at" : "Fri Apr 05 09:00:00 +0000 2024",
      "favorited" : false,
      "full_text" : "Kommunhuset i morse. https://t.co/pFbild1",
      "lang" : "sv"
    }
  }
]