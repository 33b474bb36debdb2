1window.YTD.direct_messages.part0 = [
 {
  "dmConversation": {
   "conversationId": "1-2",
   "messages": [
    {
     "messageCreate": {
      "id": "3",
      "senderId": "1",
      "recipientId": "2",
      "text": "Hej https://t.co/b",
      "createdAt": "2024-04-15T09:10:00.000Z",
      "urls": [
       {
        "url": "https://t.co/b",
        "expanded": "https://www.exempelby.se"
       }
      ],
      "mediaUrls": [
       "https://ton.twitter.com/dm/3/4/bild.jpg"
      ]
     }
    },
    {
     "joinConversation": {
      "initiatingUserId": "1",
      "createdAt": "2024-04-15T09:00:00.000Z"
     }
    },
    {
     "messageCreate": {
      "id": 2,
      "senderId": "2",
      "text": "Fråga",
      "createdAt": "2024-04-15T09:05:00.000Z"
     }
    }
   ]
  }
 }
]