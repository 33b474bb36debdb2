0window.YTD.tweets.part0 = [
 {
  "tweet": {
   "edit_info": {
    "edit": {
     "initialTweetId": "11",
     "editControlInitial": {
      "editTweetIds": [
       "11",
       "12"
      ]
     }
    }
   },
   "id_str": "12",
   "created_at": "Sat Apr 20 08:20:00 +0000 2024",
   "full_text": "Möte tisdag"
  }
 },
 {
  "tweet": {
   "edit_info": {
    "initial": {
     "editTweetIds": [
      "11",
      "12"
     ]
    }
   },
   "id_str": "11",
   "created_at": "Sat Apr 20 08:05:00 +0000 2024",
   "full_text": "Möte måndag &amp; tisdag https://t.co/a",
   "entities": {
    "urls": [
     {
      "url": "https://t.co/a",
      "expanded_url": "https://www.exempelby.se"
     }
    ]
   }
  }
 },
 {
  "tweet": {
   "id_str": "13",
   "in_reply_to_status_id_str": "11",
   "created_at": "Sat Apr 20 09:00:00 +0000 2024",
   "full_text": "RT @rsk: brand",
   "extended_entities": {
    "media": [
     {
      "type": "video",
      "media_url_https": "https://pbs.twimg.com/x/t.jpg",
      "source_status_id_str": "9",
      "video_info": {
       "variants": [
        {
         "bitrate": "1",
         "content_type": "video/mp4",
         "url": "https://v/a.mp4?tag=1"
        },
        {
         "bitrate": "2",
         "content_type": "video/mp4",
         "url": "https://v/b.mp4"
        }
       ]
      }
     }
    ]
   }
  }
 }
]